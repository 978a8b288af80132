import SExpression
import XendModel

/// A model value that reads itself from a reply's S-expression.
protocol ReplyDecodable {
    init(_ expression: SExpression) throws(XendError)
}

extension DomainRecord: ReplyDecodable {}
extension NodeRecord: ReplyDecodable {}
extension VCPUInfoReply: ReplyDecodable {}
extension DeviceReference: ReplyDecodable {}
extension Credit2SchedulerParameters: ReplyDecodable {}

extension XendClient {
    /// Performs a request and reads its reply as a `Value`.
    func fetch<Value: ReplyDecodable>(_ request: XendRequest, as type: Value.Type) async throws(XendClientError)
        -> Value
    {
        try Self.decode(try await fetch(request), as: type)
    }

    /// Reads `expression` as a `Value`.
    static func decode<Value: ReplyDecodable>(_ expression: SExpression, as type: Value.Type)
        throws(XendClientError) -> Value
    {
        try modelValue { () throws(XendError) in try Value(expression) }
    }

    /// Runs `body`, turning a model error (a reply the model refuses) into an invalid-response error that
    /// quotes the model's message: the one place the client converts a model error.
    static func modelValue<Value>(_ body: () throws(XendError) -> Value) throws(XendClientError) -> Value {
        do {
            return try body()
        } catch {
            throw .invalidResponse(error.message)
        }
    }
}
