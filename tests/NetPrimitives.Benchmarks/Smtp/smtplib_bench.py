# Python smtplib side of the SMTP benchmark: N small messages over one connection, timed around the send loop only.
# Usage: python3 smtplib_bench.py PORT N ; prints "messages_per_second"
import smtplib
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
message = "Subject: bench\r\n\r\nA small message.\r\n"
with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.local") as smtp:
    smtp.sendmail("a@example.org", ["b@example.org"], message)  # warm-up
    start = time.perf_counter()
    for _ in range(count):
        smtp.sendmail("a@example.org", ["b@example.org"], message)
    elapsed = time.perf_counter() - start
print("%.1f" % (count / elapsed))
