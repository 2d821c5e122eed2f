#!/usr/bin/env python3
"""Logs in to an XMPP server with slixmpp (a real non-Java client) and prints ONE JSON line on stdout.

    xmpp_login.py HOST PORT JID_OR_USERNAME [--domain DOMAIN] [--timeout SECONDS]

The password is read from the environment variable XMPP_PASSWORD or, when that is unset, from the first line of
standard input, so that it never shows in a process list.

The stream stays unencrypted (no STARTTLS) and the client authenticates with SASL PLAIN (RFC 4616), the username
being the authentication identity: `alice.test` with `--domain waddle.test` starts as `alice.test@waddle.test` and
sends authcid `alice.test`. Meant for loopback test servers only.

Prints {"ok": true, "bound_jid": "..."} and exits 0 after resource binding, or {"ok": false, "error": "..."} and exits
1 when SASL fails (the error is the RFC 6120 section 6.5 condition, e.g. not-authorized) or 2 on any other failure.
"""

import argparse
import asyncio
import json
import logging
import os
import sys

EXIT_OK = 0
EXIT_AUTH_FAILED = 1
EXIT_OTHER_ERROR = 2
DISCONNECT_WAIT_SECONDS = 2.0


def emit(outcome):
    """Writes the one result line and returns the exit code that goes with it."""
    exit_code = outcome.pop("exit_code")
    sys.stdout.write(json.dumps(outcome, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    return exit_code


def success(bound_jid):
    return {"ok": True, "bound_jid": bound_jid, "exit_code": EXIT_OK}


def failure(error, exit_code=EXIT_OTHER_ERROR):
    return {"ok": False, "error": error, "exit_code": exit_code}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Log in to an XMPP server with slixmpp over plaintext, SASL PLAIN.")
    parser.add_argument("host", help="address to connect to, e.g. 127.0.0.1")
    parser.add_argument("port", type=int, help="client-to-server port")
    parser.add_argument("user", help="a bare JID, or a username when --domain is given")
    parser.add_argument("--domain", help="the XMPP domain to append to a username that has no '@'")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before giving up (default 20)")
    parser.add_argument("--verbose", action="store_true", help="log slixmpp's debug output to stderr")
    arguments = parser.parse_args(argv)
    if "@" not in arguments.user and not arguments.domain:
        parser.error("a username without '@' needs --domain")
    return arguments


def read_password():
    password = os.environ.get("XMPP_PASSWORD")
    if password is not None:
        return password
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def starting_jid(arguments):
    if "@" in arguments.user:
        return arguments.user
    return arguments.user + "@" + arguments.domain


def build_client_class(slixmpp):
    class LoginProbe(slixmpp.ClientXMPP):
        """Connects, authenticates, binds a resource, then reports the first decisive event."""

        def __init__(self, jid, password):
            # sasl_mech limits the client to PLAIN; unencrypted_plain lets PLAIN run on a stream without TLS
            # (slixmpp refuses that by default).
            super().__init__(jid, password, sasl_mech="PLAIN")
            self["feature_mechanisms"].unencrypted_plain = True
            self.outcome = asyncio.get_running_loop().create_future()
            self.add_event_handler("session_start", self.on_session_start)
            self.add_event_handler("failed_auth", self.on_failed_auth)
            self.add_event_handler("failed_all_auth", self.on_failed_all_auth)
            self.add_event_handler("connection_failed", self.on_connection_failed)
            self.add_event_handler("stream_error", self.on_stream_error)
            self.add_event_handler("disconnected", self.on_disconnected)

        def settle(self, outcome):
            if not self.outcome.done():
                self.outcome.set_result(outcome)

        def on_session_start(self, _event):
            self.settle(success(str(self.boundjid)))

        def on_failed_auth(self, sasl_failure):
            condition = sasl_failure["condition"] or "sasl-failure"
            self.settle(failure(condition, EXIT_AUTH_FAILED))

        def on_failed_all_auth(self, _event):
            self.settle(failure("no usable SASL mechanism (server offered PLAIN?)", EXIT_AUTH_FAILED))

        def on_connection_failed(self, reason):
            # slixmpp would retry with back-off; a test wants the first refusal.
            self.cancel_connection_attempt()
            self.settle(failure("connection failed: %s" % (reason,)))

        def on_stream_error(self, stream_error):
            self.settle(failure("stream error: %s" % (stream_error["condition"],)))

        def on_disconnected(self, reason):
            self.settle(failure("disconnected before binding a resource: %s" % (reason,)))

    return LoginProbe


async def log_in(slixmpp, arguments, password):
    client = build_client_class(slixmpp)(starting_jid(arguments), password)
    # force_starttls=False: go on when the server offers no STARTTLS; disable_starttls=True: never start TLS even
    # when it is offered.
    client.connect((arguments.host, arguments.port), force_starttls=False, disable_starttls=True)
    try:
        return await asyncio.wait_for(asyncio.shield(client.outcome), arguments.timeout)
    except asyncio.TimeoutError:
        return failure("timeout after %s s" % arguments.timeout)
    finally:
        client.cancel_connection_attempt()
        try:
            await asyncio.wait_for(client.disconnect(wait=DISCONNECT_WAIT_SECONDS), DISCONNECT_WAIT_SECONDS + 1)
        except (asyncio.TimeoutError, ConnectionError):
            client.abort()


def main(argv):
    arguments = parse_arguments(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if arguments.verbose else logging.CRITICAL)
    try:
        import slixmpp
    except ImportError as missing:
        return emit(failure("slixmpp missing (apt-get install python3-slixmpp): %s" % missing))
    password = read_password()
    try:
        return emit(asyncio.run(log_in(slixmpp, arguments, password)))
    except Exception as unexpected:  # one JSON line whatever happens
        return emit(failure("%s: %s" % (type(unexpected).__name__, unexpected)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
