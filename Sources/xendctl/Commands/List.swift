import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl list`: every domain in a table like `xl list`.
struct List: ClientCommand {
    static let configuration = CommandConfiguration(
        abstract: "List domains: Name, ID, memory (MiB), VCPUs, state and CPU time.",
        discussion: "Defined domains that are not running show '-' as their ID."
    )

    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl

    func run(with xend: XendClient) async throws {
        var records: [DomainRecord] = []
        for name in try await xend.domains(in: .all) {
            if let record = try await Self.record(of: name, xend) { records.append(record) }
        }
        records.sort {
            ($0.domainID?.rawValue ?? .max, $0.name.rawValue) < ($1.domainID?.rawValue ?? .max, $1.name.rawValue)
        }
        if global.json {
            try JSONOutput.print(records)
            return
        }
        print(Self.header)
        for record in records {
            print(Self.row(record))
        }
    }

    /// The record, or `nil` for a domain that went away between the list and the lookup.
    private static func record(of name: DomainName, _ xend: XendClient) async throws -> DomainRecord? {
        let result: Result<DomainRecord, XendClientError>
        do {
            result = .success(try await xend.record(of: .name(name)))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let record): return record
        case .failure(let error) where error.kind == .noSuchDomain: return nil
        case .failure(let error): throw error
        }
    }

    static let header =
        "Name".leftAligned(40) + "ID".rightAligned(6) + "Mem".rightAligned(6) + "VCPUs".rightAligned(6)
        + "State".rightAligned(11) + "Time(s)".rightAligned(10)

    static func row(_ record: DomainRecord) -> String {
        let info = DomainInfo(record: record)
        let id = record.domainID.map(\.description) ?? "-"
        let state = record.state?.stateString ?? "------"
        let seconds = Double(info.cpuTime) / 1e9
        let time = (seconds * 10).rounded() / 10
        return record.name.rawValue.leftAligned(40) + id.rightAligned(6)
            + String(info.memory >> 20).rightAligned(6) + String(record.onlineVCPUs ?? record.vcpus).rightAligned(6)
            + state.rightAligned(11) + String(time).rightAligned(10)
    }
}
