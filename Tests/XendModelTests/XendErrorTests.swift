import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

@Suite("XendError")
struct XendErrorTests {
    @Test(
        "standard messages",
        arguments: [
            (XendError.missingParameter("force"), "Missing parameter: force"),
            (.missingKey("reason"), "'reason'"),
            (.tooManyValues("target"), "Too many values for target"),
            (.invalidInteger("lots"), "invalid literal for int() with base 10: 'lots'"),
            (.invalidInteger("it's"), #"invalid literal for int() with base 10: "it's""#),
            (.invalidInteger("tab\there\\"), #"invalid literal for int() with base 10: 'tab\there\\'"#),
            (.invalidInteger("caf\u{E9}"), #"invalid literal for int() with base 10: 'caf\xc3\xa9'"#),
            (.invalidReason("explode"), "Invalid reason: explode"),
            (.privilegedDomain("pause"), "Cannot pause privileged domain 0"),
            (.privilegedDomain("destroy"), "Cannot destroy privileged domain 0"),
            (.domainNotRunning, "Domain is not running"),
            (
                .cannotReadStateFile("/nonexistent.chk", "No such file or directory"),
                "can't read guest state file /nonexistent.chk: No such file or directory"
            ),
            (.cannotWriteStateFile("/x", "Permission denied"), "can't write guest state file /x: Permission denied"),
            (.cannotConnect("Connection refused"), "can't connect: Connection refused"),
            (.unknownDeviceType("floppy"), "unknown device type: floppy"),
            (.deviceNotDefined("xvdz"), "Device xvdz is not defined"),
            (.invalidConfiguration("unexpected EOF"), "Invalid configuration unexpected EOF"),
            (.configurationError("list index out of range"), "Configuration error list index out of range"),
            (.emptyConfiguration, "Configuration error list index out of range"),
            (.errorCreatingDomain("Invalid VM Name"), "Error creating domain: Invalid VM Name"),
            (
                .errorCreatingDomain(.invalidDeviceClass("x")),
                "Error creating domain: Invalid Configuration: Invalid device (x)"
            ),
            (.missingName, "Missing VM Name"),
            (.invalidName, "Invalid VM Name"),
            (.nameExists("vm1"), "VM name 'vm1' already exists"),
            (.invalidRestartEvent("on_crash", "x"), "Invalid Configuration: Invalid restart event: on_crash = x"),
            (.noSuchDomain("nosuch"), "<Fault 3: 'nosuch'>"),
            (.operationNotImplemented("frobnicate"), "Operation not implemented: frobnicate"),
        ])
    func messages(error: XendError, message: String) {
        #expect(error.message == message)
        #expect(error.description == message)
    }

    @Test("kinds map to HTTP statuses")
    func statuses() {
        let expected: [XendError.Kind: Int] = [
            .operationFailed: 500, .notFound: 404, .invalidRequest: 406, .notImplemented: 501, .forbidden: 403,
            .badRequest: 400,
        ]
        for kind in XendError.Kind.allCases { #expect(kind.httpStatus == expected[kind]) }
        #expect(XendError.noSuchDomain("x").httpStatus == 404)
        #expect(XendError.operationNotImplemented("x").httpStatus == 501)
        #expect(XendError.missingParameter("x").httpStatus == 500)
    }

    @Test(
        "(xend.err ...) bodies of vectors #18, #20-#23, #31, #32 print byte for byte",
        arguments: [
            (XendError.privilegedDomain("pause"), "(xend.err 'Cannot pause privileged domain 0')"),
            (.invalidReason("explode"), "(xend.err 'Invalid reason: explode')"),
            (.missingKey("reason"), #"(xend.err "'reason'")"#),
            (.invalidInteger("lots"), #"(xend.err "invalid literal for int() with base 10: 'lots'")"#),
            (.tooManyValues("target"), "(xend.err 'Too many values for target')"),
            (
                .cannotReadStateFile("/nonexistent.chk", "No such file or directory"),
                #"(xend.err "can't read guest state file /nonexistent.chk: No such file or directory")"#
            ),
            (.cannotConnect("Connection refused"), #"(xend.err "can't connect: Connection refused")"#),
            (.invalidConfiguration("unexpected EOF"), "(xend.err 'Invalid configuration unexpected EOF')"),
            (.emptyConfiguration, "(xend.err 'Configuration error list index out of range')"),
            (.missingParameter("force"), "(xend.err 'Missing parameter: force')"),
        ])
    func wireBodies(error: XendError, body: String) throws {
        #expect(error.toSExpression().description == body)
        #expect(XendError(xendErr: try parsed(body))?.message == error.message)
    }

    @Test("JSON form")
    func json() throws {
        #expect(
            try jsonText(XendError.invalidReason("x")) == #"{"kind":"operation_failed","message":"Invalid reason: x"}"#)
        #expect(try jsonRoundTrip(XendError.noSuchDomain("vm9")) == .noSuchDomain("vm9"))
        let extra = try JSONDecoder().decode(ExtraFields.self, from: Data(#"[["a", 1, 2.5], "b"]"#.utf8))
        #expect(extra.elements == [.list(["a", "1", "2.5"]), "b"])
    }

    @Test("only (xend.err message) reads as an error")
    func readsOnlyErrors() throws {
        #expect(XendError(xendErr: try parsed("(domain (name x))")) == nil)
        #expect(XendError(xendErr: try parsed("(xend.err a b)")) == nil)
        #expect(XendError(xendErr: .atom("xend.err")) == nil)
    }

    @Test("Python int() leniency")
    func pythonInt() {
        #expect(Python.int(" 3") == 3)
        #expect(Python.int("+3") == 3)
        #expect(Python.int("-12\n") == -12)
        #expect(Python.int("3.0") == nil)
        #expect(Python.int("0x10") == nil)
        #expect(Python.int("") == nil)
        #expect(Python.int("+") == nil)
        #expect(Python.int("99999999999999999999999") == nil)
    }
}
