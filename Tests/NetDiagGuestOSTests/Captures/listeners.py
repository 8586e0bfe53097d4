import socket, time, sys
socks = []
def tcp(fam, addr, port, v6only=None, dev=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    if v6only is not None: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    if dev: s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    s.bind((addr, port)); s.listen(128); socks.append(s)
def udp(fam, addr, port, v6only=None, dev=None):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if v6only is not None: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    if dev: s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    s.bind((addr, port)); socks.append(s)
tcp(socket.AF_INET, "0.0.0.0", 22)
tcp(socket.AF_INET6, "::", 22, v6only=1)
tcp(socket.AF_INET, "127.0.0.1", 631)
tcp(socket.AF_INET6, "::1", 25, v6only=1)
tcp(socket.AF_INET6, "::", 8080, v6only=0)
tcp(socket.AF_INET, "10.0.1.5", 3306)
udp(socket.AF_INET, "10.0.1.5", 53, dev="eth0")
udp(socket.AF_INET, "0.0.0.0", 68, dev="eth0")
udp(socket.AF_INET, "127.0.0.1", 323)
udp(socket.AF_INET6, "::", 123, v6only=0)
print("ready", flush=True)
time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 30)
