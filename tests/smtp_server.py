"""A real SMTP server in the test process (aiosmtpd) that refuses some addresses, for the mail paths that
must survive a refusal (notifications, invitations)."""

import socket

from aiosmtpd.controller import Controller


class RefusingSmtpServer:
    """Accepts every email except to addresses starting with "refused" (550) or "later" (451)."""

    def __init__(self) -> None:
        self.delivered: list[str] = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 No such mailbox"
        if address.startswith("later"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.delivered.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"
