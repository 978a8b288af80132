import CLibxl
import Testing

@testable import Xenlight

/// What `createDomain(_:restoringFrom:)` tells libxl about the stream by default.
@Suite("DomainRestoreParams")
struct RestoreParamsTests {
    @Test("restores default to the v2 stream libxl_domain_suspend writes, not libxl's legacy default")
    func suspendStream() throws {
        #expect(DomainRestoreParams().streamVersion == 1)
        let parameters = DomainRestoreParams.suspendStream
        #expect(parameters.streamVersion == 2)
        #expect(parameters.checkpointedStream == DomainRestoreParams().checkpointedStream)
        // What libxl itself receives: the C value handed to libxl_domain_create_restore.
        #expect(parameters.withC { $0.pointee.stream_version } == 2)
    }
}
