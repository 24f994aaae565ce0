import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold clients' data (the SQLite database, backups, development mail) are readable by
/// their owner only, whatever the process's umask: a backup holds every client's details and, with
/// no `APP_SECRET`, the secret that manage links derive from.
enum FilePermissions {
    /// Creates `path` and any missing folders above it as 0700. Folders that exist are left alone (a
    /// database in `/tmp` must not change `/tmp`).
    static func createPrivateDirectory(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") where component != "." {
            built += "/" + component
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: built, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw FilePermissionError("\(built) is a file, not a folder") }
                continue
            }
            guard mkdir(built, 0o700) == 0 || errno == EEXIST else {
                throw FilePermissionError("cannot create the folder \(built): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Takes every permission of the group and of others away from an existing file.
    static func restrict(file path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw FilePermissionError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return }
        guard chmod(path, mode & 0o700) == 0 else {
            throw FilePermissionError("cannot make \(path) private: \(String(cString: strerror(errno)))")
        }
    }

    /// Creates `path` empty as 0600 when it does not exist yet (SQLite then keeps its mode for the
    /// `-wal` and `-shm` files it makes beside it), and makes it private when it does.
    static func preparePrivateFile(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FilePermissionError("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(descriptor)
        try restrict(file: path)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try restrict(file: path + suffix)
        }
    }
}

/// A file or folder could not be created or made private; the description says which and why.
struct FilePermissionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
