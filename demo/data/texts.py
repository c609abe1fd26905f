"""The texts applications, engagements and projects are written with: cover notes, screening answers,
status notes, messages, hours notes, submissions, reviews and description closings.
"""

COVER_NOTES = [
    "Hi! I'm a {year_label} {major} student and this project lines up well with what I've been doing in "
    "class, especially {skill}. I can give it {hours} hours a week and would aim to share a first draft "
    "early so you can steer it.",
    'I\'d love to work on "{title}". Last term I did a similar piece of work for a course project using '
    "{skill}, and I enjoyed turning it into something a real team could use. My timetable leaves me "
    "{hours} hours a week free.",
    "Hello, I'm studying {major} at {university}. I have practical experience with {skill} and I'm keen to "
    "get feedback from the team at {employer}. I'm organised, reply quickly and can start next week.",
    "This looks like a great fit: I've used {skill} in two group projects and I'm comfortable working "
    "remotely with regular check-ins. I'd be glad to talk through how I'd approach the first deliverable.",
    "I'm applying because I want to see how {employer} works in practice. I bring {skill}, a "
    "careful eye for detail and {hours} hours a week. Happy to share examples of earlier work.",
    "Hi {employer} team, I study {major} and have hands-on {skill} experience. I read the brief twice "
    "and have a few ideas for the first milestone already. I can commit {hours} hours a week until the "
    "due date.",
]

SCREENING_ANSWERS = [
    "Yes. In my {major} coursework I did something similar and I can share the result.",
    "I'd start by agreeing the scope with you in a short call, then share a first draft within a week.",
    "I'm available {hours} hours a week, mostly on weekday evenings and Saturday mornings.",
    "A group project last term: we analysed real data for a local business and presented to the owner.",
    "I'm comfortable with it; I've used it in two courses and a part-time job.",
]

REJECTION_NOTES = [
    "Thank you for applying. We chose a student whose experience matched the brief a little more "
    "closely, but we enjoyed reading your application and hope you apply to our next project.",
    "Thanks for your interest. We had many strong applicants and went with someone who could start "
    "sooner. Your cover note was clear and thoughtful; please keep an eye on our future postings.",
    "We appreciated your application. For this project we needed more hands-on experience with the "
    "required tools; a small portfolio piece showing them would make a future application stronger.",
    "Thank you for taking the time to apply. The openings are now filled, but we'd be glad to see "
    "you apply again.",
    "Thanks for applying! We picked an applicant whose availability fitted our timeline better. "
    "Best of luck with your studies.",
]
CANCELLED_PROJECT_NOTE = (
    "We're sorry: this project has been cancelled on our side, so we can't go ahead with any "
    "applications. Thank you for your interest."
)
WITHDRAWAL_NOTES = [
    "My exam timetable changed and I can no longer give this the time it deserves.",
    "I accepted another project that overlaps with this one.",
    "",
    "",
]
ACCEPTANCE_NOTES = ["Welcome aboard! We'll send the kickoff details shortly.", "", ""]

MESSAGES_EMPLOYER = [
    "Welcome! I've shared the folder with everything you need. Shall we do a 20-minute kickoff call?",
    "Thanks for the update, this is going in the right direction.",
    "Could you add a short summary at the top? Our director will only read the first page.",
    "Great work on the first milestone. For the next one, please focus on the two biggest segments.",
    "Just checking in: anything blocking you this week?",
    "Approved. Thank you, this is really useful for the team.",
]
MESSAGES_STUDENT = [
    "Thanks for having me! Tuesday or Wednesday afternoon works for a kickoff call.",
    "Quick question: should I include last year's numbers as well, or only this year?",
    "I've uploaded a first draft of the milestone; happy to adjust anything.",
    "I've made the changes you asked for and resubmitted.",
    "I'll be a bit slower this week because of midterms, but I'm still on track for the due date.",
    "Thanks for the feedback, that makes sense. I'll update it by Friday.",
]
HOURS_NOTES = [
    "Kickoff call and reading the brief",
    "Research and note-taking",
    "First draft",
    "Revisions after feedback",
    "Data cleaning",
    "Analysis",
    "Writing up findings",
    "Preparing the presentation",
    "",
]
SUBMISSION_NOTES = [
    "Here is the milestone; the link opens the shared document.",
    "First version attached as a link. I've noted open questions at the end.",
    "Updated version with your comments addressed.",
]
CHANGE_REQUESTS = [
    "Nice start. Please add sources for the figures in section 2 and shorten the introduction.",
    "Could you break the results down by region? Otherwise this looks good.",
    "The structure works; please tighten the recommendations to three clear points.",
]
STUDENT_REVIEWS = {
    5: [
        "Clear brief, quick answers and generous feedback. I learned a lot and was paid on time.",
        "A great first project: the team treated me like a colleague and explained their decisions.",
    ],
    4: [
        "Good experience overall. Feedback sometimes took a few days, but it was always useful.",
        "Well-scoped project and friendly people. A kickoff call earlier would have helped.",
    ],
    3: ["The work was interesting, but the scope changed halfway through and replies were slow."],
}
EMPLOYER_REVIEWS = {
    5: [
        "Excellent work: well organised, proactive about questions, and the deliverable is already in use.",
        "Delivered ahead of schedule and to a high standard. We would hire again without hesitation.",
    ],
    4: [
        "Solid, reliable work and good communication. The final draft needed one round of edits.",
        "Thoughtful and careful; with a bit more confidence presenting results this would be a 5.",
    ],
    3: ["The result was usable, but we had to chase progress updates a couple of times."],
}
CANCELLATION_REASONS = [
    "Our budget for the quarter was cut, so we have to stop the project early.",
    "The product this research was for has been put on hold.",
]

# Closing paragraph of every project description.
DESCRIPTION_CLOSINGS = [
    "You'll have a named contact at {employer} who answers questions within a working day, and a short "
    "kickoff call in the first week. The work is {location}; you set your own hours around your classes.",
    "We'll share everything we have on day one and check in once a week. The work is {location}, and "
    "we're flexible about when you do it as long as the milestones are met.",
    "Expect a kickoff call, a shared folder and a weekly 15-minute check-in. The work is {location}. "
    "We review each milestone within three working days.",
]
