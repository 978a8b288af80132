extension HTTPResponse {
    /// The longest reason phrase sent, in UTF-8 bytes; longer ones are cut at a character boundary.
    public static let maximumReasonPhraseLength = 256

    /// ``reasonPhrase`` as it goes into the status line: every control character (CR and LF included)
    /// becomes `?` and the text is cut to ``maximumReasonPhraseLength`` bytes; `nil` when there is none.
    public var statusLinePhrase: String? {
        guard let reasonPhrase, !reasonPhrase.isEmpty else { return nil }
        var phrase = ""
        var length = 0
        for scalar in reasonPhrase.unicodeScalars {
            let safe: Unicode.Scalar = scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar
            let size = String(safe).utf8.count
            guard length + size <= Self.maximumReasonPhraseLength else { break }
            phrase.unicodeScalars.append(safe)
            length += size
        }
        return phrase
    }
}
