import Testing

@testable import XendHTTP
@testable import XendServer

@Suite("TCP access policy: bearer token and xend-hosts-allow")
struct AccessPolicyTests {
    @Test("the Unix socket is never refused")
    func unix() throws {
        let policy = try AccessPolicy(bearerToken: "s3cret", hostsAllow: ["^10\\."])
        #expect(policy.refusal(transport: .unix, peerAddress: nil, headers: [:]) == nil)
    }

    @Test(
        "bearer token",
        arguments: [
            (nil, AccessPolicy.Refusal.authenticationRequired), ("Bearer s3cret", nil), ("bearer s3cret", nil),
            ("Bearer s3cre", .authenticationRequired), ("Bearer s3cret2", .authenticationRequired),
            ("Basic s3cret", .authenticationRequired), ("Bearer", .authenticationRequired),
        ] as [(String?, AccessPolicy.Refusal?)])
    func token(authorization: String?, refusal: AccessPolicy.Refusal?) throws {
        let policy = try AccessPolicy(bearerToken: "s3cret", hostsAllow: [])
        var headers = HTTPHeaders()
        if let authorization { headers.add("Authorization", authorization) }
        #expect(policy.refusal(transport: .tcp, peerAddress: "127.0.0.1", headers: headers) == refusal)
    }

    @Test(
        "hosts-allow patterns match from the start of the peer address, like re.match",
        arguments: [("127.0.0.1", true), ("10.1.2.3", true), ("192.168.1.1", false), ("110.0.0.1", false)])
    func hostsAllow(peer: String, allowed: Bool) throws {
        let policy = try AccessPolicy(bearerToken: nil, hostsAllow: ["127\\.0\\.0\\.1$", "10\\."])
        let refusal = policy.refusal(transport: .tcp, peerAddress: peer, headers: [:])
        #expect(refusal == (allowed ? nil : .hostNotAllowed(peer)))
        #expect(refusal?.status == (allowed ? nil : 403))
    }

    @Test("an invalid pattern is a start-up error")
    func invalidPattern() {
        #expect(throws: HTTPEngineError.self) { try AccessPolicy(bearerToken: nil, hostsAllow: ["(unclosed"]) }
    }
}

@Suite("systemd socket activation")
struct SystemdSocketActivationTests {
    @Test(
        "LISTEN_FDS counts descriptors from 3 when LISTEN_PID is ours",
        arguments: [
            (["LISTEN_PID": "42", "LISTEN_FDS": "2"], [Int32(3), 4]), (["LISTEN_PID": "41", "LISTEN_FDS": "2"], []),
            (["LISTEN_FDS": "2"], []), (["LISTEN_PID": "42", "LISTEN_FDS": "0"], []),
            (["LISTEN_PID": "42", "LISTEN_FDS": "x"], []),
        ] as [([String: String], [Int32])])
    func descriptors(environment: [String: String], expected: [Int32]) {
        #expect(SystemdSocketActivation.fileDescriptors(environment: environment, processID: 42) == expected)
    }
}
