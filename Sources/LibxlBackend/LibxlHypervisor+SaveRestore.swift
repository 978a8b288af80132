import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// `op=save` and `op=restore`: a ``LibxlSaveHeader`` with both configs, then libxl's own stream.
extension LibxlHypervisor {
    /// Suspends the domain into `path` (`libxl_domain_suspend`), then destroys it, as xend did. The file is
    /// written under a temporary name and renamed when complete; on failure the guest is resumed.
    public func save(_ domain: DomainID, to path: String) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "save")
        let info = try liveInfo(domain)
        guard !info.dying, !info.shutdown else { throw .domainNotRunning }
        let header = try saveHeader(of: id, config: xendConfig(of: id, info: info))
        let temporary = AtomicFile.temporaryPath(for: path, hidden: false)
        do throws(XendError) {
            let file = try SaveFileDescriptor(creating: temporary, for: path)
            try file.write(header.encoded())
            do {
                try context.suspend(id, to: file.descriptor)
            } catch {
                resumeAfterFailedSave(id)
                throw XendError(.operationFailed, "Failed to save domain \(domain.rawValue): \(error)")
            }
            do throws(XendError) {
                try file.sync()
                guard Glibc.rename(temporary, path) == 0 else {
                    throw .cannotWriteStateFile(path, AtomicFile.errorText())
                }
            } catch {
                resumeAfterFailedSave(id)
                throw error
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
        logger.info("domain \(domain.rawValue) saved to \(path)")
    }

    /// Builds the domain again from a file `save` wrote (`libxl_domain_create_restore`) and lets it run.
    /// A file that is not ours is refused before anything is created.
    public func restore(from path: String) throws(XendError) -> DomainRecord {
        let file = try SaveFileDescriptor(reading: path)
        let (config, libxlConfig) = try Self.readHeader { (count: Int) throws(XendError) in try file.read(count) }
        try refuseTakenName(config.name)
        let id: Domid
        do {
            id = try context.createDomain(libxlConfig, restoringFrom: file.descriptor)
        } catch {
            throw XendError(.operationFailed, "Failed to restore domain from \(path): \(error)")
        }
        try adopt(id, config)
        do throws(XendError) {
            try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(id) }
            announce(id, .unpaused)
            let info = try liveInfo(DomainID(id.rawValue))
            guard let record = record(of: info) else {
                throw XendError(.operationFailed, "restored domain has no name")
            }
            logger.info("domain \(config.name.rawValue) restored from \(path) (id \(id.rawValue))")
            return record
        } catch {
            watcher.unwatch(id)
            try? context.destroy(id)
            throw error
        }
    }

    /// The header `save` and `migrate` write (``saveHeader(of:config:)``) and both configs in it, read through
    /// `read`, which returns exactly the bytes asked for, or fewer at the end.
    static func readHeader(_ read: (Int) throws(XendError) -> [UInt8]) throws(XendError)
        -> (VMConfig, DomainConfig)
    {
        let header: LibxlSaveHeader
        do {
            header = try LibxlSaveHeader { (count: Int) throws(LibxlSaveHeader.FormatError) in
                do throws(XendError) {
                    return try read(count)
                } catch {
                    throw LibxlSaveHeader.FormatError(description: error.message)
                }
            }
        } catch {
            throw XendError(.operationFailed, error.description)
        }
        do {
            return (
                try JSONDecoder().decode(VMConfig.self, from: Data(header.xendConfig)),
                try JSONDecoder().decode(DomainConfig.self, from: Data(header.libxlConfig))
            )
        } catch {
            throw XendError(.operationFailed, "not a valid guest state file: bad config: \(error)")
        }
    }

    /// The header that goes in front of libxl's stream: `config` and libxl's config of the live domain.
    func saveHeader(of id: Domid, config: VMConfig) throws(XendError) -> LibxlSaveHeader {
        LibxlSaveHeader(
            xendConfig: try encodeJSON(config, "the xend config"),
            libxlConfig: try encodeJSON(
                try libxl("libxl_retrieve_domain_configuration") { () throws(XenlightError) in
                    try context.configuration(of: id)
                }, "libxl's config"))
    }

    /// The xend config a live domain is saved or rebuilt with: the stored one, or libxl's view of it.
    func xendConfig(of id: Domid, info: DomInfo) throws(XendError) -> VMConfig {
        guard let config = storedConfig(of: id) ?? fallbackConfig(of: info) else {
            throw XendError(.operationFailed, "domain \(id.rawValue) has no valid name")
        }
        return config
    }

    /// A suspended guest whose save failed runs again (as `xl save` does: `libxl_domain_resume`, co-operatively).
    /// A guest the failure left running (libxl failed before suspending it) is left alone.
    func resumeAfterFailedSave(_ id: Domid) {
        if let info = currentInfo(id), !info.shutdown { return }
        do {
            try context.resume(id)
        } catch {
            logger.error("domain \(id.rawValue) stays suspended after a failed save: \(error)")
        }
    }

    private func encodeJSON<T: Encodable>(_ value: T, _ what: String) throws(XendError) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw XendError(.operationFailed, "cannot encode \(what): \(error)")
        }
    }
}
