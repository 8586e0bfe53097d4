import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock held by one process of the machine at a time (`flock`). The ground-truth
/// namespaces have fixed names (`ndgt-*`) and each run removes stale ones first, so a second
/// run in another checkout would tear down the first's hosts; it waits for it instead. The
/// kernel drops the lock when the process dies, so a killed run never leaves it held.
final class MachineLock {
    private let descriptor: Int32

    init(_ path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw GroundTruthError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw GroundTruthError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
