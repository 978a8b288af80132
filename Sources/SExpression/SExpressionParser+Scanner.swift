// The parser's single pass over contiguous bytes. It keeps the open lists on an explicit stack, so
// nesting costs heap, not call stack, and `Limits.maxDepth` bounds it. Atoms and strings without escapes
// become Strings straight from the input bytes; only strings with escapes go through a scratch buffer.

extension SExpressionParser {
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let limits: Limits
        /// Decoded bytes of the string being read, reused across strings.
        var scratch: [UInt8] = []

        init(_ bytes: UnsafeBufferPointer<UInt8>, limits: Limits) {
            self.bytes = bytes
            self.limits = limits
        }

        func error(_ kind: SExpressionError.Kind, at offset: Int) -> SExpressionError {
            SExpressionError.at(offset, in: bytes, kind)
        }

        mutating func parseAll() throws(SExpressionError) -> [SExpression] {
            guard bytes.count <= limits.maxBytes else {
                throw error(.tooLarge(limit: limits.maxBytes), at: limits.maxBytes)
            }
            return try ByteClass.table.withUnsafeBufferPointer { (table) throws(SExpressionError) in
                try scan(classes: table)
            }
        }

        private mutating func scan(classes: UnsafeBufferPointer<UInt8>) throws(SExpressionError) -> [SExpression] {
            var values = ValueStack()
            // Where each open list's values start on `values`; its count is the nesting depth.
            var listStarts: [Int] = []
            listStarts.reserveCapacity(16)
            var position = 0
            let end = bytes.count
            scanning: while position < end {
                let byte = bytes[position]
                let byteClass = classes[Int(byte)]
                if byteClass & ByteClass.space != 0 {
                    position += 1
                    continue
                }
                if byteClass & ByteClass.atomStart != 0 {
                    values.push(.atom(try scanAtom(from: position, classes: classes, end: &position)))
                    continue
                }
                switch byte {
                case UInt8(ascii: "("):
                    guard listStarts.count < limits.maxDepth else {
                        throw error(.tooDeep(limit: limits.maxDepth), at: position)
                    }
                    listStarts.append(values.count)
                    position += 1
                case UInt8(ascii: ")"):
                    guard let start = listStarts.popLast() else {
                        throw error(.unexpectedCloseParen, at: position)
                    }
                    values.push(.list(values.popArray(from: start)))
                    position += 1
                case UInt8(ascii: "#"):
                    // A comment runs to the end of the line; the newline itself is whitespace.
                    while position < end && bytes[position] != UInt8(ascii: "\n") { position += 1 }
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    values.push(.atom(try scanString(from: position, end: &position)))
                case 0x04:
                    // EOT ends the input, as it did for xend; whatever follows is ignored.
                    break scanning
                default:
                    throw error(.invalidCharacter(byte), at: position)
                }
            }
            guard listStarts.isEmpty else { throw error(.unexpectedEOF, at: position) }
            return values.popArray(from: 0)
        }

        /// Reads an unquoted atom: its first byte, then everything up to whitespace, `#` or a separator.
        /// Sets `end` to the offset after the atom.
        private func scanAtom(
            from start: Int,
            classes: UnsafeBufferPointer<UInt8>,
            end: inout Int
        ) throws(SExpressionError) -> String {
            var position = start + 1
            var combined = bytes[start]
            while position < bytes.count {
                let byte = bytes[position]
                if classes[Int(byte)] & ByteClass.atomEnd != 0 { break }
                combined |= byte
                position += 1
            }
            end = position
            let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
            return try string(from: text, isASCII: combined < 0x80, reportingAt: start)
        }

        /// Reads a quoted string starting at its delimiter; sets `next` to the offset after the closing one.
        private mutating func scanString(from start: Int, end next: inout Int) throws(SExpressionError) -> String {
            let delimiter = bytes[start]
            let end = bytes.count
            var position = start + 1
            var combined: UInt8 = 0
            // Fast path: no escapes, so the string's bytes are a slice of the input.
            while position < end {
                let byte = bytes[position]
                if byte == delimiter || byte == UInt8(ascii: "\\") { break }
                combined |= byte
                position += 1
            }
            guard position < end else { throw error(.unexpectedEOF, at: end) }
            if bytes[position] == delimiter {
                next = position + 1
                let text = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<position])
                return try string(from: text, isASCII: combined < 0x80, reportingAt: start + 1)
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<position]))
            while position < end {
                let byte = bytes[position]
                if byte == delimiter {
                    next = position + 1
                    return try scratch.withUnsafeBufferPointer { (decoded) throws(SExpressionError) in
                        try string(from: decoded, isASCII: false, reportingAt: start)
                    }
                }
                if byte == UInt8(ascii: "\\") {
                    position = try scanEscape(at: position)
                } else {
                    scratch.append(byte)
                    position += 1
                }
            }
            throw error(.unexpectedEOF, at: end)
        }

        /// Decodes the escape whose backslash is at `backslash` into `scratch`; returns the offset after it.
        private mutating func scanEscape(at backslash: Int) throws(SExpressionError) -> Int {
            let end = bytes.count
            guard backslash + 1 < end else { throw error(.unexpectedEOF, at: end) }
            let letter = bytes[backslash + 1]
            if let named = Self.namedEscapes[letter] {
                scratch.append(named)
                return backslash + 2
            }
            switch letter {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                // Up to three octal digits; xend rejected values above 0o377.
                var value = 0
                var position = backslash + 1
                while position < end && position < backslash + 4,
                    case UInt8(ascii: "0")...UInt8(ascii: "7") = bytes[position]
                {
                    value = value * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                guard value <= 0xFF else { throw error(.invalidEscape, at: backslash) }
                scratch.append(UInt8(value))
                return position
            case UInt8(ascii: "x"):
                var value = 0
                var position = backslash + 2
                while position < end && position < backslash + 4, let digit = Self.hexValue(bytes[position]) {
                    value = value * 16 + digit
                    position += 1
                }
                if position > backslash + 2 {
                    scratch.append(UInt8(value))
                    return position
                }
                // `\x` without a hex digit falls through to the unknown-escape rule.
                scratch.append(UInt8(ascii: "\\"))
                return backslash + 2
            default:
                // xend's bug, kept for compatibility: an unknown escape `\q` leaves a lone backslash and
                // drops the letter.
                scratch.append(UInt8(ascii: "\\"))
                return backslash + 2
            }
        }

        private static let namedEscapes: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A,
            UInt8(ascii: "v"): 0x0B, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D,
            UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "'"): UInt8(ascii: "'"),
            UInt8(ascii: "\""): UInt8(ascii: "\""),
        ]

        private static func hexValue(_ byte: UInt8) -> Int? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
            default: nil
            }
        }

        /// Makes the atom's String once; the bytes must be UTF-8 (pure ASCII skips the check).
        private func string(
            from text: UnsafeBufferPointer<UInt8>,
            isASCII: Bool,
            reportingAt offset: Int
        ) throws(SExpressionError) -> String {
            if isASCII { return String(decoding: text, as: UTF8.self) }
            if let valid = String(validating: text, as: UTF8.self) { return valid }
            throw error(.invalidUTF8, at: offset + Self.firstInvalidUTF8Offset(in: text))
        }

        /// Offset of the first byte of `text` that does not start a valid UTF-8 sequence.
        private static func firstInvalidUTF8Offset(in text: UnsafeBufferPointer<UInt8>) -> Int {
            var iterator = text.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            var consumed = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let scalar): consumed += scalar.count
                case .error, .emptyInput: return consumed
                }
            }
        }
    }
}
