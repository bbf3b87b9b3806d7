#!/usr/bin/python3
"""The demo stack's sender check for Postfix submission (a milter).

Postfix refuses another user's *envelope* sender by itself
(reject_sender_login_mismatch), but nothing in Postfix compares the message's
own From: and Sender: headers with the signed-in user, and the header is what
the recipient sees. This milter does: every address in From:, Sender:,
Resent-From: and Resent-Sender: must be one of the authenticated login's own
addresses, else the message is refused with 550 5.7.1 and a sentence the
sending app can show. A message without From: is refused too (RFC 5322 needs
one, and Postfix would otherwise fill it in from the envelope).

Written on pymilter (Debian python3-milter), the kept Python binding of
libmilter. Run as the postfix user: its socket is then open to Postfix alone.

    sender-milter.py SOCKET_PATH ADDRESSES.json
ADDRESSES.json maps each SASL login to the list of addresses it may use.
"""
import email.utils
import json
import os
import sys

import Milter

CHECKED = ("from", "sender", "resent-from", "resent-sender")
ADDRESSES = {}


def load_addresses(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return {login.lower(): {a.lower() for a in addrs} for login, addrs in raw.items()}


class SenderMilter(Milter.Base):
    def __init__(self):
        self.login = None
        self.headers = []

    def envfrom(self, mailfrom, *params):
        # A new message on the same connection starts afresh.
        self.headers = []
        self.login = self.getsymval("{auth_authen}")
        return Milter.CONTINUE

    def header(self, name, value):
        if name.lower() in CHECKED:
            self.headers.append((name, value))
        return Milter.CONTINUE

    def refuse(self, text):
        self.setreply("550", "5.7.1", text)
        return Milter.REJECT

    def eom(self):
        if not self.login:
            # Not signed in: the submission listener refuses such mail already.
            return Milter.CONTINUE
        login = self.login.lower()
        own = ADDRESSES.get(login, set())
        if not any(n.lower() == "from" for n, _ in self.headers):
            return self.refuse("The message has no From: header; it must name the signed-in user %s" % login)
        for name, value in self.headers:
            addrs = [a for _, a in email.utils.getaddresses([value]) if a]
            if not addrs:
                return self.refuse("The %s: header names no address; it must name the signed-in user %s" % (name, login))
            for addr in addrs:
                if addr.lower() not in own:
                    return self.refuse("The %s: header names %s, which is not an address of the signed-in user %s" % (name, addr, login))
        return Milter.ACCEPT


def main():
    global ADDRESSES
    if len(sys.argv) != 3:
        sys.exit("usage: sender-milter.py SOCKET_PATH ADDRESSES.json")
    socket_path, addresses_path = sys.argv[1], sys.argv[2]
    ADDRESSES = load_addresses(addresses_path)
    # The socket is created with this umask: only our own user (postfix) may connect.
    os.umask(0o077)
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    Milter.factory = SenderMilter
    print("sender-milter: listening on %s for %d logins" % (socket_path, len(ADDRESSES)), flush=True)
    Milter.runmilter("govdesk-sender", "unix:" + socket_path, 60)


if __name__ == "__main__":
    main()
