import Hypervisor
import Testing
import XendModel

@testable import LibxlBackend

/// The lifecycle policy without Xen: which action a shutdown reason selects, and the steps each action
/// takes, including xend's guard against restart loops.
@Suite("Lifecycle policy")
struct LifecyclePlanTests {
    @Test("a config without lifecycle keys gets xend's defaults: destroy on poweroff, restart otherwise")
    func defaults() throws {
        let config = VMConfig(name: try DomainName("vm"))
        #expect(config.lifecycleAction(after: .powerOff) == .destroy)
        #expect(config.lifecycleAction(after: .halt) == .destroy)
        #expect(config.lifecycleAction(after: .reboot) == .restart)
        #expect(config.lifecycleAction(after: .crash) == .restart)
        #expect(config.lifecycleAction(after: .suspend) == nil)
    }

    @Test("each reason selects its own key", arguments: LifecycleAction.allCases)
    func reasonsSelectKeys(action: LifecycleAction) throws {
        var config = VMConfig(name: try DomainName("vm"))
        config.onPoweroff = action
        #expect(config.lifecycleAction(after: .powerOff) == action)
        #expect(config.lifecycleAction(after: .reboot) == .restart)
        config.onReboot = action
        #expect(config.lifecycleAction(after: .reboot) == action)
        #expect(config.lifecycleAction(after: .softReset) == action)
        #expect(config.lifecycleAction(after: .crash) == .restart)
        config.onCrash = action
        #expect(config.lifecycleAction(after: .crash) == action)
        #expect(config.lifecycleAction(after: .watchdog) == action)
        #expect(config.lifecycleAction(after: .suspend) == nil)
    }

    @Test("steps of each action after a long enough run")
    func steps() {
        func steps(_ action: LifecycleAction?) -> [LifecyclePlan.Step] {
            LifecyclePlan(action: action, uptime: 300, minimumUptime: 60).steps
        }
        #expect(steps(nil) == [])
        #expect(steps(.preserve) == [])
        #expect(steps(.destroy) == [.destroy])
        #expect(steps(.restart) == [.destroy, .rebuild])
        #expect(steps(.renameRestart) == [.keepUnderNewName, .rebuild])
        #expect(steps(.coredumpDestroy) == [.dumpCore, .destroy])
        #expect(steps(.coredumpRestart) == [.dumpCore, .destroy, .rebuild])
        for action in LifecycleAction.allCases {
            #expect(!LifecyclePlan(action: action, uptime: 300, minimumUptime: 60).refusedRestart)
        }
    }

    @Test("a domain that stops too soon after its build is destroyed instead of restarted")
    func restartLoopGuard() {
        for action in [LifecycleAction.restart, .renameRestart] {
            let plan = LifecyclePlan(action: action, uptime: 12.5, minimumUptime: 60)
            #expect(plan.steps == [.destroy])
            #expect(plan.refusedRestart)
        }
        let dumping = LifecyclePlan(action: .coredumpRestart, uptime: 1, minimumUptime: 60)
        #expect(dumping.steps == [.dumpCore, .destroy])
        #expect(dumping.refusedRestart)
        // Actions that do not restart are never refused.
        let destroy = LifecyclePlan(action: .destroy, uptime: 1, minimumUptime: 60)
        #expect(destroy.steps == [.destroy] && !destroy.refusedRestart)
        // The boundary: exactly the minimum is allowed.
        #expect(LifecyclePlan(action: .restart, uptime: 60, minimumUptime: 60).steps == [.destroy, .rebuild])
    }

    @Test("a domain of unknown age (found again after a daemon restart) may restart")
    func unknownUptime() {
        let plan = LifecyclePlan(action: .restart, uptime: nil, minimumUptime: 60)
        #expect(plan.steps == [.destroy, .rebuild])
        #expect(!plan.refusedRestart)
    }

    @Test("log text of every event names it, with its detail")
    func eventLogText() throws {
        #expect(DomainEvent.shutdown(.reboot).logText == "shutdown(reboot)")
        #expect(DomainEvent.shutdown(.crash).logText == "shutdown(crash)")
        #expect(DomainEvent.renamed(from: try DomainName("old")).logText == "renamed(from old)")
        #expect(DomainEvent.destroyed.logText == "destroyed")
    }
}
