/// The `key` of op=sysrq in both forms clients sent: the decimal character code every xend release
/// wanted (`115`, as xm sent `ord('s')`), or the character itself (`s`, as libvirt's 2006 driver sent).
///
/// The forms overlap only for one digit: `1` could be the code 1 or the character `1`. Code 1 is a
/// control character no guest handles as a SysRq command, while `1` (console log level) is one, so a
/// single character is always the character; two or more digits are a code.
public struct SysrqKey: Hashable, Sendable {
    /// The character code written to the guest's `control/sysrq`.
    public let code: Int

    /// A key from its character code.
    public init(code: Int) {
        self.code = code
    }

    /// Parses the op's `key` parameter.
    /// - Throws: `invalid literal for int() with base 10: '<text>'` for text that is neither one
    ///   character nor a number (Python's words, as the original said it); `chr() arg not in range(256)`
    ///   for a code outside a byte.
    public init(parameter text: String) throws(XendError) {
        let scalars = text.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first, scalar.isASCII {
            self.init(code: Int(scalar.value))
            return
        }
        let code = try Python.intOrThrow(text)
        guard (0...255).contains(code) else { throw XendError(.operationFailed, "chr() arg not in range(256)") }
        self.init(code: code)
    }
}
