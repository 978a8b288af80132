import SExpression

// libFuzzer entry point (libFuzzer brings `main`). Any input must parse or fail with an error, never crash;
// whatever parses must print and parse back to the same value and the same bytes.

/// Re-parsing printed text may need more room than the fuzz input had (escapes quadruple bytes).
private let reparser = SExpressionParser(limits: .init(maxBytes: .max))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let values: [SExpression]
    do {
        values = try SExpression.parseAll(input)
    } catch {
        precondition(error.offset >= 0 && error.offset <= size, "error offset \(error.offset) outside input")
        precondition(error.line >= 1 && error.column >= 1, "error position \(error.line):\(error.column)")
        return 0
    }
    for value in values {
        let printed = value.description
        let reparsed: SExpression
        do {
            reparsed = try reparser.parse(printed)
        } catch {
            fatalError("printed text does not parse (\(error)): \(printed)")
        }
        precondition(reparsed == value, "round trip changed the value: \(printed)")
        precondition(reparsed.description == printed, "printing is not stable: \(printed)")
    }
    return 0
}
