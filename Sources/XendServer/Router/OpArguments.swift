import SExpression
import XendHTTP
import XendModel

/// An op's parameters, bound the way xend's `FormFn` bound them (docs/protocol.md#parameter-binding):
/// a declared parameter is mandatory (`Missing parameter: x`), may be sent once only
/// (`Too many values for x`), and is coerced to its type with Python's error texts. Undeclared
/// parameters, `op` included, are ignored. Handlers read parameters in the order the original
/// declared them, so the first failing one is the one reported.
///
/// Unlike the original, a request-supplied `dom` never replaces the domain of the path.
struct OpArguments: Sendable {
    let parameters: FormParameters

    init(_ parameters: FormParameters) {
        self.parameters = parameters
    }

    /// A declared `str` parameter.
    func string(_ name: RequestParameter) throws(XendError) -> String {
        guard let values = parameters[name.rawValue], let first = values.first else {
            throw .missingParameter(name.rawValue)
        }
        guard values.count == 1 else { throw .tooManyValues(name.rawValue) }
        return first
    }

    /// A declared `int` (or `long`) parameter.
    func int(_ name: RequestParameter) throws(XendError) -> Int {
        try PythonInteger.coerce(try string(name))
    }

    /// A declared `bool` parameter: true when the lower-cased value is `on`, `yes`, `1` or `true`.
    func bool(_ name: RequestParameter) throws(XendError) -> Bool {
        ["on", "yes", "1", "true"].contains(try string(name).lowercased())
    }

    /// A declared `sxpr` parameter: exactly one S-expression.
    func sxpr(_ name: RequestParameter) throws(XendError) -> SExpression {
        let text = try string(name)
        let values: [SExpression]
        do {
            values = try SExpression.parseAll(text)
        } catch {
            throw XendError(.operationFailed, "Coercion to sxpr failed")
        }
        guard values.count <= 1 else { throw XendError(.operationFailed, "Too many sxprs") }
        guard let value = values.first else { throw XendError(.operationFailed, "Coercion to sxpr failed") }
        return value
    }

    /// A parameter the original read directly (`req.args['reason'][0]`): missing gives the KeyError text
    /// `'reason'`, and the first of several values wins.
    func direct(_ name: RequestParameter) throws(XendError) -> String {
        guard let first = parameters[name.rawValue]?.first else { throw .missingKey(name.rawValue) }
        return first
    }
}

extension HTTPRequest {
    /// The first value of parameter `name`, read directly as the original read `config`, `state` and
    /// `detail`.
    func parameter(_ name: RequestParameter) -> String? { parameter(name.rawValue) }
}
