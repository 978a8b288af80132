import Testing

@testable import XendModel

@Suite("Domain state vocabulary")
struct DomainStateTests {
    @Test("all 64 flag combinations print and read back", arguments: 0..<64)
    func allCombinations(raw: Int) throws {
        let flags = DomainStateFlags(rawValue: UInt8(raw))
        let text = flags.stateString
        #expect(text.count == 6)
        for (index, (flag, letter)) in DomainStateFlags.letters.enumerated() {
            let character = text[text.index(text.startIndex, offsetBy: index)]
            #expect(character == (flags.contains(flag) ? letter : "-"))
        }
        #expect(DomainStateFlags(stateString: text) == flags)
        #expect(try jsonRoundTrip(flags) == flags)
    }

    static let stateStringTable: [(String, DomainStateFlags)] = [
        ("r-----", .running), ("-b----", .blocked), ("--p---", .paused), ("---s--", .shutdown),
        ("----c-", .crashed), ("-----d", .dying), ("------", []),
        ("rbpscd", [.running, .blocked, .paused, .shutdown, .crashed, .dying]),
    ]

    @Test("known strings", arguments: stateStringTable)
    func knownStrings(text: String, flags: DomainStateFlags) {
        #expect(DomainStateFlags(stateString: text) == flags)
        #expect(flags.stateString == text)
    }

    @Test(
        "3.0.x's ? reads as unset; other text is refused",
        arguments: ["", "r----", "r------", "x-----", "b-----", "R-----"])
    func invalidStrings(text: String) {
        #expect(DomainStateFlags(stateString: text) == nil)
        #expect(DomainStateFlags(stateString: "?b????") == .blocked)
    }

    @Test("status numbers and names")
    func status() {
        #expect(DomainStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6])
        #expect(
            DomainStatus.allCases.map(\.name) == [
                "halted", "paused", "running", "suspended", "shutdown", "crashed", "unknown",
            ])
        #expect(DomainStateFlags.blocked.status == .running)
        #expect(DomainStateFlags.running.status == .running)
        #expect(DomainStateFlags([]).status == .running)
        #expect(DomainStateFlags.paused.status == .paused)
        #expect(DomainStateFlags([.paused, .crashed]).status == .crashed)
        #expect(DomainStateFlags.dying.status == .halted)
        #expect(DomainStateFlags.shutdown.status == .halted)
        #expect(
            DomainRuntimeInfo(domainID: 4, state: .shutdown, shutdownReason: .suspend).effectiveStatus == .suspended)
        #expect(DomainRuntimeInfo(domainID: 4, state: .shutdown, shutdownReason: .powerOff).effectiveStatus == .halted)
        #expect(DomainRuntimeInfo.inactive.effectiveStatus == .halted)
    }

    @Test("?state= filter vocabulary, case-insensitive; numbers and unknown words match nothing")
    func stateFilter() {
        for name in ["running", "paused", "halted", "suspended", "crashed", "unknown", "shutdown"] {
            let filter = DomainStateFilter(name)
            #expect(filter != nil)
            #expect(DomainStateFilter(name.uppercased()) == filter)
        }
        #expect(DomainStateFilter("halted") == .status(.halted))
        #expect(DomainStateFilter("All") == .all)
        #expect(DomainStateFilter("2") == nil)
        #expect(DomainStateFilter("idle") == nil)
        #expect(DomainStateFilter.all.includes(.crashed))
        #expect(DomainStateFilter.status(.halted).includes(.halted))
        #expect(!DomainStateFilter.status(.halted).includes(.running))
    }

    @Test("shutdown reasons: op vocabulary, Xen codes, error text")
    func shutdownReasons() throws {
        for reason in ["poweroff", "reboot", "halt", "suspend", "crash"] {
            #expect(try XendShutdownReason(shutdownOpReason: reason).rawValue == reason)
        }
        for text in ["explode", "watchdog", "soft_reset", "PowerOff", ""] {
            #expect(
                xendError { _ = try XendShutdownReason(shutdownOpReason: text) }?.message == "Invalid reason: \(text)")
        }
        for reason in XendShutdownReason.allCases where reason != .halt {
            #expect(XendShutdownReason(xenCode: reason.xenCode) == reason)
        }
        #expect(XendShutdownReason.halt.xenCode == 0)
        #expect(XendShutdownReason(xenCode: 6) == nil)
        #expect(XendShutdownReason.softReset.rawValue == "soft_reset")
    }

    @Test("lifecycle actions: xend's strings")
    func lifecycle() throws {
        #expect(
            LifecycleAction.allCases.map(\.rawValue)
                == ["destroy", "restart", "preserve", "rename-restart", "coredump-destroy", "coredump-restart"])
        #expect(
            xendError { _ = try LifecycleAction("reboot", key: "on_reboot") }?.message
                == "Invalid Configuration: Invalid restart event: on_reboot = reboot")
        #expect(XendStartAction.allCases.map(\.rawValue) == ["ignore", "start"])
        #expect(XendStopAction.allCases.map(\.rawValue) == ["ignore", "shutdown", "suspend"])
    }
}
