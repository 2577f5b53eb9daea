# A real SMTP server (aiosmtpd) for SmtpClientRaw's integration tests, on 127.0.0.1 and a port the OS picks.
# Usage: python3 smtp_sink.py OUT_DIR [CERT_PEM KEY_PEM [implicit]]
# With a certificate it offers STARTTLS; with "implicit" as well it speaks TLS from the first byte (RFC 8314) instead.
# Prints the port on the first line of stdout, stores each message as OUT_DIR/NNNN.eml (the bytes as delivered,
# dot-stuffing undone) and OUT_DIR/NNNN.json (envelope, TLS, AUTH), and exits when stdin closes.
# AUTH accepts user "user" with password "secret"; RCPT to any address starting with "refused" gets 550.
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

out_dir = sys.argv[1]
tls = None
implicit = len(sys.argv) > 4 and sys.argv[4] == "implicit"
if len(sys.argv) > 3:
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(sys.argv[2], sys.argv[3])


class Store:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(out_dir, "%04d" % self.count)
        with open(base + ".json", "w") as f:
            json.dump({
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "mail_options": envelope.mail_options,
                "tls": implicit or session.ssl is not None,
                "authenticated": bool(session.authenticated),
            }, f)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        return "250 2.0.0 Ok: stored %d" % self.count


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"user" and auth_data.password == b"secret"
    # handled=False: aiosmtpd then sends the 535 itself (its default, handled=True, sends nothing).
    return AuthResult(success=ok, handled=False)


async def main():
    loop = asyncio.get_running_loop()
    handler = Store()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.test", tls_context=None if implicit else tls, authenticator=authenticator,
                     auth_require_tls=not implicit, loop=loop),
        host="127.0.0.1", port=0, ssl=tls if implicit else None)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
