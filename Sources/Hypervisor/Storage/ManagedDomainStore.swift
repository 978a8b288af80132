import FoundationEssentials
import Glibc
import SExpression
import XendModel

/// The managed (defined) domains' configs on disk, shared by both backends: one `(vm ...)` file per
/// domain, `<directory>/<uuid>.sxp`, written with ``AtomicFile`` so a crash leaves the old or the new
/// config, never a torn one, and a damaged file is set aside on loading instead of half-read.
package final class ManagedDomainStore: Sendable {
    /// The folder holding the `.sxp` files.
    package let directory: String
    /// Whether writes are `fsync`ed (tests turn it off for speed).
    package let durable: Bool

    /// Opens (and creates when missing) the folder.
    package init(directory: String, durable: Bool = true) throws(XendError) {
        self.directory = directory
        self.durable = durable
        try Self.makeStateDirectory(directory)
    }

    /// Writes one domain's config, with `uuid` in it, replacing any earlier version atomically.
    package func save(_ config: VMConfig, uuid: UUID) throws(XendError) {
        var config = config
        config.uuid = uuid
        try Self.write(Array(config.toSExpression().description.utf8), to: path(of: uuid), durable: durable)
    }

    /// Forgets one domain; a missing file is not an error.
    package func remove(_ uuid: UUID) throws(XendError) {
        let path = path(of: uuid)
        guard unlink(path) == 0 || errno == ENOENT else {
            throw XendError(.operationFailed, "cannot remove \(path): \(AtomicFile.errorText())")
        }
    }

    /// Every stored config, and the files that could not be used (moved aside as `<name>.corrupt`).
    /// Temporary files of interrupted writes are removed: they were never acknowledged.
    package func load() -> (domains: [(UUID, VMConfig)], problems: [String]) {
        var domains: [(UUID, VMConfig)] = []
        var problems: [String] = []
        for name in Self.entries(of: directory, &problems) where name.hasSuffix(".sxp") {
            let path = directory + "/" + name
            do throws(XendError) {
                var config = try VMConfig(parsing: try Self.readText(path))
                guard let uuid = UUID(xendString: String(name.dropLast(4))), config.uuid == nil || config.uuid == uuid
                else { throw XendError(.operationFailed, "file name and uuid disagree") }
                config.uuid = uuid
                domains.append((uuid, config))
            } catch {
                problems.append(Self.quarantine(path, error.message))
            }
        }
        return (domains, problems)
    }

    private func path(of uuid: UUID) -> String { "\(directory)/\(uuid.xendString).sxp" }

    // MARK: Helpers shared with the simulated host's store

    /// Moves a damaged file aside; returns the problem as the load report words it.
    package static func quarantine(_ path: String, _ reason: String) -> String {
        rename(path, path + ".corrupt")
        return "\(path): \(reason); moved to \(path).corrupt"
    }

    package static func write(_ bytes: [UInt8], to path: String, durable: Bool) throws(XendError) {
        do throws(AtomicFile.Failure) {
            try AtomicFile.write(bytes, to: path, durable: durable)
        } catch {
            throw XendError(.operationFailed, "cannot write \(error.path): \(error.reason)")
        }
    }

    package static func readBytes(_ path: String) throws(XendError) -> [UInt8] {
        do throws(AtomicFile.Failure) {
            return try AtomicFile.read(path)
        } catch {
            throw XendError(.operationFailed, error.reason)
        }
    }

    package static func readText(_ path: String) throws(XendError) -> String {
        guard let text = String(validating: try readBytes(path), as: UTF8.self) else {
            throw XendError(.operationFailed, "not UTF-8 text")
        }
        return text
    }

    /// The visible names in a directory; leftovers of interrupted writes (`.<name>.tmp-...`) are deleted.
    package static func entries(of directory: String, _ problems: inout [String]) -> [String] {
        guard let names = try? AtomicFile.entries(of: directory) else {
            problems.append("\(directory): cannot read the directory")
            return []
        }
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            unlink(directory + "/" + name)
        }
        return names.filter { !$0.hasPrefix(".") }
    }

    /// Creates a state directory (and its parents) when missing, failing as xend's operations fail.
    package static func makeStateDirectory(_ path: String) throws(XendError) {
        do throws(AtomicFile.Failure) {
            try AtomicFile.makeDirectory(path)
        } catch {
            throw XendError(.operationFailed, "cannot create state directory \(error.path): \(error.reason)")
        }
    }
}
