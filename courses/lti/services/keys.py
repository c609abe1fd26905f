"""The tool's own RSA key pair, generated for the admin when a site admin leaves both fields empty."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def lti_tool_key_pair() -> tuple[str, str]:
    """A new RSA key pair for the tool (PEM private, PEM public), as the LMS platforms expect (RS256)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()
