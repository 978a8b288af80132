public import XendModel

/// Proving the relocation secret, before a single byte of the guest moves. With a secret configured the
/// opening of ``MigrationChannel`` becomes:
///
/// | sender | receiver |
/// |---|---|
/// | `receive hmac-sha256 <sender nonce>` | |
/// | | `challenge <receiver nonce> <receiver proof>`, or `error <text>` |
/// | checks the receiver's proof; `response <sender proof>` | |
/// | | checks the sender's proof: `receiving`, or `error <text>` |
///
/// Nonces are 32 fresh random bytes each; a proof is HMAC-SHA256 over the side's name and both nonces, so
/// neither a recorded conversation nor one side's own proof can be played back. Both sides prove the
/// secret: a sender never hands a guest to a server that merely accepts everything.
extension MigrationChannel {
    /// The sender's first word when it proves a secret.
    static let authenticatedRequest = "receive hmac-sha256"
    static let challenge = "challenge"
    static let response = "response"

    /// The sender's opening: `receive` (no secret) or the exchange above, then the receiver's consent.
    /// - Throws: `Migration failed: <reason>` when the receiver refuses or cannot prove the secret.
    public func request(secret: MigrationSecret?) throws(XendError) {
        guard let secret else { return try request() }
        let senderNonce = MigrationSecret.nonce()
        try send(line: "\(Self.authenticatedRequest) \(senderNonce)")
        let line = try readLine()
        if line.hasPrefix("error ") { throw .migrationFailed(String(line.dropFirst(6))) }
        let words = line.split(separator: " ").map(String.init)
        guard words.count == 3, words[0] == Self.challenge,
            secret.verify(words[2], .receiver, senderNonce: senderNonce, receiverNonce: words[1])
        else {
            send(error: "the relocation server did not prove the relocation secret")
            throw .migrationFailed("the relocation server does not hold this host's relocation secret")
        }
        let proof = secret.proof(.sender, senderNonce: senderNonce, receiverNonce: words[1])
        try send(line: "\(Self.response) \(proof)")
        try expect(Self.receiving)
    }

    /// The receiver's side of the opening, from the request line the sender wrote up to (not including)
    /// `receiving`. Returns normally when the sender may go on; any refusal is thrown, and the caller
    /// tells the sender with an `error` line.
    /// - Throws: the reason, sent as it is to the sender (whose `Migration failed: ` prefixes it), for an
    ///   unknown request, a missing or wrong proof, or a sender proving a secret this host does not have.
    public func admit(request: String, secret: MigrationSecret?) throws(XendError) {
        let plain = request == Self.receiveRequest
        let authenticated = request.hasPrefix(Self.authenticatedRequest + " ")
        guard plain || authenticated else {
            throw XendError(.operationFailed, "unknown relocation request '\(request.prefix(80))'")
        }
        switch (secret, authenticated) {
        case (nil, false): return
        case (nil, true):
            throw XendError(
                .operationFailed,
                "this host has no relocation secret (xend-relocation-secret-file) to check the sender's against")
        case (.some, false):
            throw XendError(
                .operationFailed,
                "this host only accepts peers that prove the relocation secret (xend-relocation-secret-file)")
        case (let secret?, true):
            let senderNonce = String(request.dropFirst(Self.authenticatedRequest.count + 1))
            guard MigrationSecret.bytes(fromHex: senderNonce)?.count == 32 else {
                throw XendError(.operationFailed, "malformed relocation nonce")
            }
            let receiverNonce = MigrationSecret.nonce()
            let proof = secret.proof(.receiver, senderNonce: senderNonce, receiverNonce: receiverNonce)
            try send(line: "\(Self.challenge) \(receiverNonce) \(proof)")
            let answer = try readLine()
            if answer.hasPrefix("error ") { throw .migrationFailed(String(answer.dropFirst(6))) }
            let words = answer.split(separator: " ").map(String.init)
            guard words.count == 2, words[0] == Self.response,
                secret.verify(words[1], .sender, senderNonce: senderNonce, receiverNonce: receiverNonce)
            else {
                throw XendError(
                    .operationFailed, "authentication failed: the sender does not hold the relocation secret")
            }
        }
    }
}
