import Foundation
import NetDiagModel

extension InventoryLoader {
    // ┌──────────────────────────────────────────────────────────────────────────────┐
    // │ GUEST STATE CALL SITE. The lead wires this to NetDiagGuestOS:                  │
    // │   let (guest, issues) = try GuestFolderReader.read(directory: folder,          │
    // │                                                    instanceId: instanceId)     │
    // │ For now it only lists the `os/<instance-id>/` subfolders and reads nothing.     │
    // └──────────────────────────────────────────────────────────────────────────────┘
    /// Guest state of every instance under `os/` (one subfolder per instance id).
    static func loadGuests(from osDirectory: URL) -> ([GuestState], [InventoryIssue]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: osDirectory.path)) ?? []
        let instanceIds = names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: osDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
        _ = instanceIds  // TODO(lead): read each with GuestFolderReader.read(directory:instanceId:).
        return ([], [])
    }
}
