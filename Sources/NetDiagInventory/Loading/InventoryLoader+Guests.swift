import Foundation
import NetDiagGuestOS
import NetDiagModel

extension InventoryLoader {
    /// Guest state of every instance under `os/` (one subfolder per instance id). A folder that
    /// fails to parse is an error naming its file; the other folders still load.
    static func loadGuests(from osDirectory: URL) -> ([GuestState], [InventoryIssue]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: osDirectory.path)) ?? []
        var guests: [GuestState] = []
        var issues: [InventoryIssue] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = osDirectory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { continue }
            do {
                let (guest, found) = try GuestFolderReader.read(directory: folder, instanceId: name)
                guests.append(guest)
                issues += found
            } catch let issue as InventoryIssue {
                issues.append(issue)
            } catch {
                issues.append(InventoryIssue(.error, file: "os/\(name)", message: "\(error)"))
            }
        }
        return (guests, issues)
    }
}
