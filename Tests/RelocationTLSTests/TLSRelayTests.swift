import Hypervisor
import RelocationTLS
import Testing
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// The relay between a clear descriptor and TLS on real loopback TCP, with certificates from
/// `scripts/make-test-pki.sh`: what libxl's and the simulated host's migrations run on.
@Suite("TLS relay", .enabled(if: TestPKI.available, "needs openssl"))
struct TLSRelayTests {
    /// Deterministic bytes that are not a repeating short pattern (eight at a time: debug builds are slow).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        var words = [UInt64](repeating: 0, count: (count + 7) / 8)
        for index in words.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            words[index] = state
        }
        return words.withUnsafeBytes { Array($0.prefix(count)) }
    }

    static func message(_ body: () throws(XendError) -> Void) -> String? {
        do throws(XendError) {
            try body()
            return nil
        } catch {
            return error.message
        }
    }

    /// A listener whose one connection goes through `server`'s handshake, then `serve`; its result is
    /// `ok`, or what went wrong.
    static func receiver(
        _ server: RelocationTLSServer, serve: @escaping @Sendable (MigrationChannel) throws(XendError) -> String?
    ) -> LoopbackListener<String> {
        LoopbackListener { descriptor in
            do throws(XendError) {
                return try serve(server.accept(descriptor: descriptor, peer: "127.0.0.1")) ?? "ok"
            } catch {
                return error.message
            }
        }
    }

    /// Whether the next read finds end of stream (the peer's half-close), not bytes.
    static func atEnd(_ channel: MigrationChannel) -> Bool {
        message { () throws(XendError) in _ = try channel.read(1) } != nil
    }

    /// Reads `size` bytes of `seed` and the line `done`, then expects a clean end of stream: no TLS failure.
    static func expectTail(_ channel: MigrationChannel, size: Int, seed: UInt64) throws {
        #expect(try channel.read(size) == bytes(size, seed: seed))
        #expect(try channel.readLine() == "done")
        let end = message { () throws(XendError) in _ = try channel.read(1) }
        #expect(end == "Migration failed: the connection closed early")
    }

    @Test("8 MiB each way through the relay, intact, with end of stream crossing both ways")
    func bothWays() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let size = 8 << 20
        let listener = Self.receiver(server) { channel throws(XendError) in
            let received = try channel.read(size)
            guard received == Self.bytes(size, seed: 1) else { return "the sender's bytes changed on the way" }
            // The sender's shutdown(SHUT_WR) arrives as end of stream, after every byte.
            guard Self.atEnd(channel) else { return "no end of stream after the sender's bytes" }
            try channel.send(Self.bytes(size, seed: 2))
            try channel.send(line: "done")
            channel.finish()
            return nil
        }
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        let outgoing = Self.bytes(size, seed: 1)
        let channel = try connector.connect(to: "127.0.0.1", port: listener.port)
        try channel.send(outgoing)
        // What libxl does with the descriptor: plain system calls.
        #expect(shutdown(channel.descriptor, Int32(SHUT_WR)) == 0)
        try Self.expectTail(channel, size: size, seed: 2)
        channel.close()
        #expect(listener.result() == "ok")
    }

    @Test("a receiver that ends while the sender is not reading: every byte, then a clean end of stream")
    func endWhileSenderWaits() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let size = 8 << 20
        let listener = Self.receiver(server) { channel throws(XendError) in
            guard try channel.readLine() == "receive" else { return "no request line" }
            // The sender's half-close: from now on the relay's TLS socket has no input.
            guard Self.atEnd(channel) else { return "no end of stream after the request" }
            // More than the socket buffers hold, so the relay's last writes (and its close_notify) wait for
            // the sender to read.
            try channel.send(Self.bytes(size, seed: 4))
            try channel.send(line: "done")
            channel.finish(waitSeconds: 0)
            return nil
        }
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        let channel = try connector.connect(to: "127.0.0.1", port: listener.port)
        defer { channel.close() }
        try channel.send(line: "receive")
        #expect(shutdown(channel.descriptor, Int32(SHUT_WR)) == 0)
        // The receiver's relay fills every buffer on the way and has its end queued behind them.
        usleep(1_500_000)
        try Self.expectTail(channel, size: size, seed: 4)
        #expect(listener.result() == "ok")
    }

    @Test("a receiver whose certificate the CA file does not sign is refused before a byte is sent")
    func untrustedReceiver() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try RelocationTLSServer(certificateFile: pki.path("other.pem"), keyFile: pki.path("other.key"))
        let listener = LoopbackListener<String?> { descriptor in
            Self.message { () throws(XendError) in
                _ = try server.accept(descriptor: descriptor, peer: "127.0.0.1")
            }
        }
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        let failure = Self.message { () throws(XendError) in
            _ = try connector.connect(to: "127.0.0.1", port: listener.port)
        }
        let text = try #require(failure)
        #expect(
            text.hasPrefix("Migration failed: TLS handshake with relocation server 127.0.0.1:\(listener.port) failed: ")
        )
        #expect(text.contains("the peer's certificate is not trusted"))
        let serverSide = try #require(listener.result() ?? nil)
        #expect(serverSide.hasPrefix("Migration failed: TLS handshake with sender 127.0.0.1 failed"))
    }

    @Test("a receiver that checks senders: a certificate its CA signs passes, none or another CA's is refused")
    func senderCertificates() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try RelocationTLSServer(
            certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"), clientCAFile: pki.path("ca.pem"))
        #expect(server.verifiesSenders)
        for (certificate, accepted) in [("client", true), (nil, false), ("other", false)] {
            let listener = LoopbackListener<String> { descriptor in
                do throws(XendError) {
                    let channel = try server.accept(descriptor: descriptor, peer: "127.0.0.1")
                    let line = try channel.readLine()
                    try channel.send(line: "heard \(line)")
                    channel.finish()
                    return "ok"
                } catch {
                    return error.message
                }
            }
            let connector = try TLSMigrationConnector(
                trustedCertificatesFile: pki.path("ca.pem"), certificateFile: certificate.map { pki.path("\($0).pem") },
                keyFile: certificate.map { pki.path("\($0).key") })
            var answer: String?
            let failure = Self.message { () throws(XendError) in
                // TLS 1.3: the client may finish its handshake before the server has judged its certificate,
                // so a refusal can arrive on the first read instead.
                let channel = try connector.connect(to: "127.0.0.1", port: listener.port)
                defer { channel.close() }
                try channel.send(line: "receive")
                answer = try channel.readLine()
            }
            let serverSide = listener.result()
            if accepted {
                #expect(failure == nil)
                #expect(answer == "heard receive")
                #expect(serverSide == "ok")
            } else {
                let text = try #require(failure, "sender certificate \(certificate ?? "none")")
                #expect(text.contains("TLS"), "\(text)")
                #expect(serverSide?.hasPrefix("Migration failed: TLS handshake with sender 127.0.0.1 failed") == true)
            }
        }
    }

    @Test("a peer that answers in clear: its error line is the sender's error")
    func clearAnswer() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let listener = LoopbackListener<Bool> { descriptor in
            var hello = [UInt8](repeating: 0, count: 1)
            let got = read(descriptor, &hello, 1)
            let line = Array("error this relocation server does not use TLS\n".utf8)
            _ = write(descriptor, line, line.count)
            shutdown(descriptor, Int32(SHUT_WR))
            close(descriptor)
            return got == 1 && hello[0] == RelocationTLSServer.handshakeRecordType
        }
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        let failure = Self.message { () throws(XendError) in
            _ = try connector.connect(to: "127.0.0.1", port: listener.port)
        }
        #expect(failure == "Migration failed: this relocation server does not use TLS")
        #expect(listener.result() == true)
    }

    @Test("unusable files are refused when the settings are made, naming the file")
    func badFiles() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        #expect(throws: RelocationTLSError.self) {
            try RelocationTLSServer(certificateFile: pki.path("missing.pem"), keyFile: pki.path("server.key"))
        }
        do {
            _ = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("other.key"))
            Issue.record("a key that does not match the certificate was accepted")
        } catch {
            #expect(error.message.hasPrefix("the TLS settings do not fit together"))
        }
        do {
            _ = try TLSMigrationConnector(trustedCertificatesFile: pki.path("server.key"))
            Issue.record("a key file was accepted as certificates")
        } catch {
            #expect(error.message.hasPrefix("cannot use \(pki.path("server.key"))"))
        }
    }
}

/// The connection torn down in the middle of a transfer (a middlebox that forwards the first bytes, then
/// closes both sockets without TLS's `close_notify`): both ends' failed reads or writes name the TLS cause.
@Suite("TLS relay, broken connection", .enabled(if: TestPKI.available, "needs openssl"))
struct TLSRelayBrokenTests {
    @Test("cut after 1 MiB: the sender's write or read fails promptly and says TLS broke; so does the receiver's")
    func cut() throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let server = try RelocationTLSServer(certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"))
        let size = 64 << 20
        let receiver = LoopbackListener<String?> { descriptor in
            TLSRelayTests.message { () throws(XendError) in
                let channel = try server.accept(descriptor: descriptor, peer: "127.0.0.1")
                defer { channel.close() }
                _ = try channel.read(size)
            }
        }
        let cutter = LoopbackListener<Bool> { client in
            // Connects on to the receiver, forwards the sender's first MiB and the receiver's answers, then
            // closes both connections.
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(receiver.port).bigEndian
            let connected = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { return false }
            var forwarded = 0
            var buffer = [UInt8](repeating: 0, count: 16384)
            var poll = [
                pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                pollfd(fd: upstream, events: Int16(POLLIN), revents: 0),
            ]
            while forwarded < 1 << 20, Glibc.poll(&poll, 2, 10_000) > 0 {
                for (index, (from, to)) in [(client, upstream), (upstream, client)].enumerated()
                where poll[index].revents != 0 {
                    let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
                    guard count > 0 else { return false }
                    _ = buffer.withUnsafeBytes { send(to, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
                    if index == 0 { forwarded += count }
                }
            }
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(upstream, Int32(SHUT_RDWR))
            close(client)
            close(upstream)
            return forwarded >= 1 << 20
        }
        let connector = try TLSMigrationConnector(trustedCertificatesFile: pki.path("ca.pem"))
        let channel = try connector.connect(to: "127.0.0.1", port: cutter.port)
        defer { channel.close() }
        let failure = TLSRelayTests.message { () throws(XendError) in
            try channel.send(TLSRelayTests.bytes(size, seed: 3))
            _ = try channel.readLine()
        }
        #expect(cutter.result() == true)
        let text = try #require(failure)
        #expect(text.hasPrefix("Migration failed: "))
        #expect(text.contains(": TLS: "), "\(text)")
        let receiverSide = try #require(receiver.result() ?? nil)
        #expect(receiverSide.contains("the connection closed early: TLS: "), "\(receiverSide)")
    }
}
