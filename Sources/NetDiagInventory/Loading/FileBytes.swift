#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files straight into byte arrays: the loader reads a region's 10,000 files
/// twice (to parse them, then for the content hash), and going through `Data` cost a copy and
/// an allocation more per file.
enum FileBytes {
    /// The file's bytes; nil when it cannot be opened or read (callers ask Foundation again
    /// for the error to report).
    static func contents(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = max(Int(info.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size, let read = readSome(descriptor, buffer.baseAddress! + count, size - count) {
                if read == 0 { return }
                count += read
            }
            failed = count < size
        }
        // A file that grew since `fstat` (or reports no size) is read to its end.
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !failed {
            guard let read = chunk.withUnsafeMutableBufferPointer({ readSome(descriptor, $0.baseAddress!, $0.count) }) else {
                return nil
            }
            if read == 0 { break }
            bytes.append(contentsOf: chunk[..<read])
        }
        return failed ? nil : bytes
    }

    /// One `read`, retried when interrupted; nil on an error.
    private static func readSome(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int? {
        while true {
            let result = read(descriptor, buffer, count)
            if result >= 0 { return result }
            if errno != EINTR { return nil }
        }
    }
}
