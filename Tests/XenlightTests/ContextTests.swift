import Logging
import Testing

@testable import Xenlight

/// A real `libxl_ctx`: on a machine without Xen, CXenlightTestSupport's placeholder handles let
/// `libxl_ctx_alloc` succeed; only libxl-internal work (JSON parsing) runs on such a context.
@Suite("Context")
struct ContextTests {
    @Test("opens and closes a libxl context, recording both calls")
    func openClose() throws {
        let context = try Context(logger: CollectedLogs().logger())
        context.close()
        context.close()
        let calls = CallTrace.recorded
        #expect(calls.contains("libxl_ctx_alloc"))
        #expect(calls.contains("libxl_ctx_free"))
    }

    @Test("no event is pending on a fresh context")
    func noPendingEvent() throws {
        try withContext(logger: CollectedLogs().logger()) { context -> Void in
            let event = try context.pendingEvent()
            #expect(event == nil)
        }
        #expect(CallTrace.recorded.contains("libxl_event_check"))
    }

    @Test("libxc's complaint about the missing hypervisor reaches swift-log")
    func forwardsLogs() throws {
        let logs = CollectedLogs()
        try withContext(logger: logs.logger()) { _ in }
        if usingPlaceholderHandles {
            let errors = logs.all.filter { $0.0 == .error }.map(\.1)
            #expect(errors.contains { $0.contains("privileged command interface") }, "logged: \(logs.all)")
        } else {
            #expect(logs.all.allSatisfy { $0.0 < .error }, "logged: \(logs.all)")
        }
    }

    @Test("libxl's own from_json reads libxl's JSON back to the original value", arguments: allPopulatedValues)
    func libxlParsesItsJSON(_ sample: PopulatedValue) throws {
        func check<T: LibxlStruct & Codable & Hashable>(_ value: T, _ context: Context) throws {
            let parsed = try T.fromLibxlJSON(value.libxlJSON(), context: context.handle)
            #expect(parsed == value)
        }
        try withContext(logger: CollectedLogs().logger()) { context in try check(sample.value, context) }
    }

    @Test("libxl's from_json rejects malformed JSON with ERROR_INVAL-style codes, naming the function")
    func fromJSONError() throws {
        try withContext(logger: CollectedLogs().logger()) { context -> Void in
            #expect {
                _ = try DomainConfig.fromLibxlJSON("{\"c_info\": [", context: context.handle)
            } throws: { error in
                guard let error = error as? XenlightError else { return false }
                return error.function == "libxl_domain_config_from_json" && error.code.rawValue < 0
            }
        }
    }
}

@Suite("XenlightError")
struct XenlightErrorTests {
    @Test("check() passes success and turns ERROR_* codes into errors carrying the function")
    func checkCodes() {
        #expect(throws: Never.self) { try check(0, "libxl_domain_pause") }
        #expect(throws: Never.self) { try check(3, "libxl_get_max_cpus") }
        #expect {
            try check(-21, "libxl_domain_info")
        } throws: { error in
            guard let error = error as? XenlightError else { return false }
            return error ~= .domainNotFound && error.function == "libxl_domain_info"
        }
    }

    @Test("describes itself with libxl's name for the code")
    func description() {
        let error = XenlightError(code: .domainNotfound, function: "libxl_domain_info")
        #expect(error.description == "libxl_domain_info failed: domain_notfound (-21)")
        #expect(XenlightError(code: ErrorCode(rawValue: -99), function: "f").description == "f failed: error -99 (-99)")
    }
}
