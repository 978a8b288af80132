import Testing

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Guest state machine")
struct GuestStateMachineTests {
    let start = SimulationInstant(secondsSinceEpoch: 1000)

    @Test("a new guest is paused and uses no cpu time until unpaused")
    func pausedUsesNoTime() {
        var guest = GuestStateMachine(builtAt: start, load: 0.5, onlineVCPUs: 2)
        guest.advance(to: start.advanced(by: 10))
        #expect(guest.isPaused && guest.cpuTime == 0 && !guest.hasRun)
        guest.unpause(at: start.advanced(by: 10))
        guest.advance(to: start.advanced(by: 14))
        #expect(guest.cpuTime == 4 * 0.5 * 2)
        guest.pause(at: start.advanced(by: 14))
        guest.advance(to: start.advanced(by: 100))
        #expect(guest.cpuTime == 4)
    }

    @Test("a shutdown request is obeyed after running time only")
    func requestWaitsWhilePaused() {
        var guest = GuestStateMachine(builtAt: start, load: 1, onlineVCPUs: 1)
        guest.requestShutdown(.reboot, complianceDelay: 2, at: start)
        guest.advance(to: start.advanced(by: 50))
        #expect(guest.shutdown == nil)
        guest.unpause(at: start.advanced(by: 50))
        #expect(guest.nextEvent == start.advanced(by: 52))
        guest.advance(to: start.advanced(by: 51))
        #expect(guest.shutdown == nil)
        guest.advance(to: start.advanced(by: 60))
        #expect(guest.shutdown?.reason == .reboot)
        #expect(guest.shutdown?.at == start.advanced(by: 52))
        #expect(guest.cpuTime == 2)
        #expect(guest.nextEvent == nil)
    }

    @Test("the r flag follows the load's duty cycle; blocked otherwise")
    func dutyCycle() {
        var guest = GuestStateMachine(builtAt: start, load: 0.25, onlineVCPUs: 1)
        guest.unpause(at: start)
        #expect(guest.isOnCPU(at: start.advanced(by: 3.1)))
        #expect(!guest.isOnCPU(at: start.advanced(by: 3.5)))
        guest.stop(.crash, at: start.advanced(by: 4))
        #expect(!guest.isOnCPU(at: start.advanced(by: 4.1)))
        #expect(!guest.isExecuting)
    }

    @Test("dying stops execution")
    func dying() {
        var guest = GuestStateMachine(builtAt: start, load: 1, onlineVCPUs: 1)
        guest.unpause(at: start)
        guest.beginDying(at: start.advanced(by: 1))
        guest.advance(to: start.advanced(by: 5))
        #expect(guest.cpuTime == 1)
        #expect(guest.dyingSince == start.advanced(by: 1))
    }
}
