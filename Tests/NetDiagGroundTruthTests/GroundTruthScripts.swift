/// The python3 one-liners the ground-truth suite runs inside the namespaces: the servers'
/// listeners and the clients' real attempts.
enum GroundTruthScripts {
    static let server = """
        import socket, sys, threading
        specs = [(p, a, int(n)) for p, a, n in (s.split(',') for s in sys.argv[1:])]
        def tcp(sock):
            while True:
                try:
                    c, _ = sock.accept()
                except OSError:
                    return
                def echo(c=c):
                    try:
                        while True:
                            d = c.recv(4096)
                            if not d: break
                            c.sendall(d)
                    except OSError:
                        pass
                    c.close()
                threading.Thread(target=echo, daemon=True).start()
        def udp(sock):
            while True:
                try:
                    d, peer = sock.recvfrom(4096)
                except OSError:
                    return
                try:
                    sock.sendto(d, peer)
                except OSError:
                    pass  # EPERM when the guest's own OUTPUT chain drops the reply
        for p, a, n in specs:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if p == 'tcp' else socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((a, n))
            if p == 'tcp': s.listen(64)
            threading.Thread(target=tcp if p == 'tcp' else udp, args=(s,), daemon=True).start()
        print('ready', flush=True)
        sys.stdin.read()
        """

    /// Two request/response rounds: the second request is ESTABLISHED on both firewalls' books.
    /// A ping is two echo requests on a raw socket, each waiting for its own reply.
    static let client = """
        import json, os, select, socket, struct, sys, threading, time
        targets = json.loads(sys.stdin.read())
        results = [False] * len(targets)
        def checksum(b):
            total = sum(struct.unpack('!%dH' % (len(b) // 2), b))
            total = (total >> 16) + (total & 0xffff)
            return ~(total + (total >> 16)) & 0xffff
        def ping(i, dst):
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
            ident = (os.getpid() * 64 + i) & 0xffff
            for seq in (1, 2):
                body = struct.pack('!BBHHH', 8, 0, 0, ident, seq) + b'ndgt-ping'
                packet = body[:2] + struct.pack('!H', checksum(body + b'\\0')) + body[4:]
                s.sendto(packet, (dst, 0))
                deadline = time.time() + 1.5
                while True:
                    left = deadline - time.time()
                    if left <= 0 or not select.select([s], [], [], left)[0]: raise OSError('timeout')
                    data, peer = s.recvfrom(2048)
                    head = (data[0] & 0x0f) * 4
                    kind, _, _, rid, rseq = struct.unpack('!BBHHH', data[head:head + 8])
                    if peer[0] == dst and kind == 0 and rid == ident and rseq == seq: break
            s.close()
        def attempt(i, dst, proto, port):
            try:
                if proto == 'icmp':
                    ping(i, dst)
                    results[i] = True
                    return
                if proto == 'tcp':
                    s = socket.create_connection((dst, port), timeout=1.5)
                else:
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.settimeout(1.5)
                    s.connect((dst, port))
                for word in (b'ping-1', b'ping-2'):
                    s.sendall(word) if proto == 'tcp' else s.send(word)
                    got = b''
                    while len(got) < len(word):
                        d = s.recv(4096)
                        if not d: raise OSError('closed')
                        got += d
                    if got != word: raise OSError('bad echo')
                s.close()
                results[i] = True
            except OSError:
                results[i] = False
        threads = [threading.Thread(target=attempt, args=(i, *t)) for i, t in enumerate(targets)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(json.dumps(results))
        """
}
