import Hypervisor
import SExpression
import XendHTTP
import XendModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `/xend/domain`: the list of domains, and create, new, restore (docs/protocol.md#domain-collection).
struct DomainCollectionHandlers {
    let router: XendRouter
    let request: HTTPRequest

    var backend: any Hypervisor { router.backend }

    /// Names of running domains; `?state=` names another state; `?detail=1` gives whole records.
    func get() throws(XendError) -> RouteOutcome {
        if request.parameter(.detail) == "1" { return try runningRecords() }
        let filter: DomainStateFilter?
        if let state = request.parameter(.state) {
            // An unknown state (numbers included) lists nothing (vector #7).
            filter = DomainStateFilter(state)
        } else {
            filter = .status(.running)
        }
        let names = try filter.map { (filter) throws(XendError) in try backend.domainNames(filter) } ?? []
        return RouteOutcome(reply: .sxpText(Self.printedList(names), json: JSONBody(names.map(\.rawValue))))
    }

    /// Records of the domains whose power state is running (running or blocked), as last xend listed them.
    private func runningRecords() throws(XendError) -> RouteOutcome {
        let records = try backend.domainRecords().filter { $0.effectiveStatus == .running }
        return RouteOutcome(reply: .sxpText(Self.printedList(records), json: JSONBody(records)))
    }

    /// Which printer lists records: the direct one (`DomainRecord.writeSExpression(into:)`), or, when the
    /// environment has `XEND_LISTING_PRINTER=generic`, the field tables' `toSExpression()` tree, which prints
    /// the same bytes more slowly. Only the listing benchmark sets it (Benchmarks/bench-listing.sh).
    static let usesGenericPrinter = getenv("XEND_LISTING_PRINTER").map { String(cString: $0) } == "generic"

    /// `(record record ...)`, the bytes `SExpression.list(records.map { $0.toSExpression() })` prints.
    static func printedList(_ records: [DomainRecord]) -> String {
        if usesGenericPrinter { return SExpression.list(records.map { $0.toSExpression() }).description }
        var buffer = PrintBuffer(capacity: records.count * 700 + 2)
        buffer.append(UInt8(ascii: "("))
        for (index, record) in records.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: " ")) }
            record.writeSExpression(into: &buffer)
        }
        buffer.append(UInt8(ascii: ")"))
        return buffer.text
    }

    /// `(name name ...)`, the bytes `SExpression.list(names.map { .atom($0.rawValue) })` prints.
    static func printedList(_ names: [DomainName]) -> String {
        if usesGenericPrinter { return SExpression.list(names.map { .atom($0.rawValue) }).description }
        var buffer = PrintBuffer(capacity: names.count * 12 + 2)
        buffer.append(UInt8(ascii: "("))
        for (index, name) in names.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: " ")) }
            SExpression.writeAtom(name.rawValue, into: &buffer)
        }
        buffer.append(UInt8(ascii: ")"))
        return buffer.text
    }

    /// list, create, new and restore.
    static let operations: [DomainCollectionOperation: OpHandler<DomainCollectionHandlers>] = [
        .list: .outcome { handlers, _ throws(XendError) in try handlers.runningRecords() },
        .create: .outcome { handlers, _ throws(XendError) in try handlers.create() },
        .new: .outcome { handlers, _ throws(XendError) in try handlers.define() },
        // A deferred op: a failure is a 500 with `(xend.err ...)` in the body (vector #31 kept the 200, see
        // `RouteOutcome.deferredFailure`); a file outside the save directory is refused with 403.
        .restore: .outcome(deferred: true) { handlers, arguments throws(XendError) in
            let path = try handlers.router.savePaths.resolve(try arguments.string(.file), forReading: true)
            return handlers.created(try handlers.backend.restore(from: path))
        },
    ]

    /// op=create: builds the domain and leaves it paused; `201 Created` with its record and `Location`.
    private func create() throws(XendError) -> RouteOutcome {
        let expression = try configuration()
        return created(
            try Self.creatingDomain { () throws(XendError) in try backend.createDomain(VMConfig(expression)) })
    }

    /// op=new: defines a managed domain without starting it; 200 with an empty body.
    private func define() throws(XendError) -> RouteOutcome {
        let expression = try configuration()
        _ = try Self.creatingDomain { () throws(XendError) in try backend.defineDomain(VMConfig(expression)) }
        return RouteOutcome(reply: .none)
    }

    private func created(_ record: DomainRecord) -> RouteOutcome {
        let location = request.prePathURL(tcpPort: router.locationTCPPort) + "/" + record.name.rawValue
        return RouteOutcome(
            status: 201, headers: [("Location", location)],
            reply: .value(record.toSExpression(), encoding: record))
    }

    /// The `config` parameter of op=create and op=new, read as the original read it: directly (no
    /// FormFn), the first S-expression only, with its error texts (vectors #28, #29).
    private func configuration() throws(XendError) -> SExpression {
        guard let text = request.parameter(.config) else {
            throw .configurationError("'NoneType' object has no attribute '__getitem__'")
        }
        return try VMConfig.expression(parsing: text)
    }

    /// Runs `body`, which reads the parsed configuration and builds or defines the domain: whatever fails
    /// there is `Error creating domain: <message>`, as the original reported it.
    private static func creatingDomain<Value>(_ body: () throws(XendError) -> Value) throws(XendError) -> Value {
        do {
            return try body()
        } catch {
            throw .errorCreatingDomain(error)
        }
    }
}
