#!/usr/bin/env python3
"""A peer that speaks blocks.py's wire format, for the interop tests.

Each block is struct.pack('!I', len(payload)) + payload, exactly as blocks.py (Foundations of Python
Network Programming, chapter 5) writes it; an empty block ends the conversation.

  blocks_peer.py server        blocks.py's own server: listen on 127.0.0.1 port 0, print "PORT <n>", accept
                               one connection, print "Block says: <repr>" per block until the empty one.
  blocks_peer.py client PORT   blocks.py's own client: send its three messages and the empty block.
  blocks_peer.py echo-server   listen on 127.0.0.1 port 0, print "PORT <n>", accept one connection,
                               print "BLOCK <len> <sha256>" for each block and send it back, then answer
                               the empty block with an empty block and print "DONE <count>".
  blocks_peer.py echo-client PORT  connect to 127.0.0.1:PORT, send the test payloads and the empty block,
                               read the echoes until the empty block, print "OK <count>" when they match.
"""
import hashlib
import socket
import struct
import sys

header_struct = struct.Struct('!I')  # the blocks.py header: 4-byte unsigned, network (big-endian) order


def recvall(sock, length):
    blocks = []
    while length:
        block = sock.recv(length)
        if not block:
            raise EOFError('socket closed with {} bytes left in this block'.format(length))
        length -= len(block)
        blocks.append(block)
    return b''.join(blocks)


def get_block(sock):
    data = recvall(sock, header_struct.size)
    (block_length,) = header_struct.unpack(data)
    return recvall(sock, block_length)


def put_block(sock, message):
    # Two sends, as blocks.py does: the header and the payload may arrive in separate segments.
    sock.sendall(header_struct.pack(len(message)))
    sock.sendall(message)


def payloads():
    return [
        b'Beautiful is better than ugly.',
        b'Explicit is better than implicit.',
        b'Simple is better than complex.',
        bytes(range(256)),
        bytes(i % 251 for i in range(70000)),
        b'\x00',
    ]


def listen():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.settimeout(20)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    print('PORT', listener.getsockname()[1], flush=True)
    sock, _ = listener.accept()
    sock.settimeout(20)
    listener.close()
    return sock


def server():
    sock = listen()
    while True:
        block = get_block(sock)
        if not block:
            break
        print('Block says:', repr(block), flush=True)
    sock.close()


def client(port):
    sock = socket.create_connection(('127.0.0.1', port), timeout=20)
    sock.shutdown(socket.SHUT_RD)
    put_block(sock, b'Beautiful is better than ugly.')
    put_block(sock, b'Explicit is better than implicit.')
    put_block(sock, b'Simple is better than complex.')
    put_block(sock, b'')
    sock.close()
    print('SENT', flush=True)


def echo_server():
    sock = listen()
    count = 0
    while True:
        block = get_block(sock)
        if not block:
            break
        count += 1
        print('BLOCK', len(block), hashlib.sha256(block).hexdigest(), flush=True)
        put_block(sock, block)
    put_block(sock, b'')
    sock.close()
    print('DONE', count, flush=True)


def echo_client(port):
    sock = socket.create_connection(('127.0.0.1', port), timeout=20)
    sent = payloads()
    for message in sent:
        put_block(sock, message)
    put_block(sock, b'')
    echoed = []
    while True:
        block = get_block(sock)
        if not block:
            break
        echoed.append(block)
    sock.close()
    if echoed != sent:
        print('MISMATCH', [len(b) for b in echoed], 'vs', [len(b) for b in sent], flush=True)
        return 1
    print('OK', len(echoed), flush=True)
    return 0


if __name__ == '__main__':
    if len(sys.argv) == 2 and sys.argv[1] == 'server':
        server()
    elif len(sys.argv) == 3 and sys.argv[1] == 'client':
        client(int(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == 'echo-server':
        echo_server()
    elif len(sys.argv) == 3 and sys.argv[1] == 'echo-client':
        sys.exit(echo_client(int(sys.argv[2])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
