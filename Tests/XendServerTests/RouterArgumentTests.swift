import Testing
import XendModel

@testable import XendServer

/// FormFn binding (docs/protocol.md#parameter-binding) and Python's int().
@Suite("Router: op parameter binding")
struct RouterArgumentTests {
    @Test(
        "int() accepts what Python 2 accepts",
        arguments: [("3", 3), (" 3 ", 3), ("+3", 3), ("-1", -1), ("\t42\n", 42), ("007", 7)])
    func integers(text: String, value: Int) {
        #expect(PythonInteger.parse(text) == value)
    }

    @Test(
        "int() refuses what Python 2 refuses, with its message",
        arguments: ["lots", "", " ", "1.5", "0x10", "3a", "+", "1 2"])
    func badIntegers(text: String) {
        #expect(PythonInteger.parse(text) == nil)
        #expect(throws: XendError.invalidInteger(text)) { try PythonInteger.coerce(text) }
    }

    @Test("declared parameters are mandatory and single; undeclared ones are ignored")
    func declared() throws {
        let arguments = OpArguments(["a": ["1"], "b": ["1", "2"], "op": ["x"], "c": ["on"], "d": ["No"]])
        #expect(try arguments.int(RequestParameter(rawValue: "a")) == 1)
        #expect(throws: XendError.tooManyValues("b")) { try arguments.string(RequestParameter(rawValue: "b")) }
        #expect(throws: XendError.missingParameter("z")) { try arguments.string(RequestParameter(rawValue: "z")) }
        #expect(try arguments.bool(RequestParameter(rawValue: "c")))
        #expect(try !arguments.bool(RequestParameter(rawValue: "d")))
        #expect(try arguments.direct(RequestParameter(rawValue: "b")) == "1")
        #expect(throws: XendError.missingKey("reason")) { try arguments.direct(.reason) }
    }

    @Test(
        "sxpr parameters hold exactly one S-expression",
        arguments: [
            ("(vbd (dev xvdb))", nil), ("(a) (b)", "Too many sxprs"), ("(a", "Coercion to sxpr failed"),
            ("", "Coercion to sxpr failed"), ("  # just a comment", "Coercion to sxpr failed"),
        ])
    func sxpr(text: String, error: String?) throws {
        let arguments = OpArguments(["config": [text]])
        if let error {
            #expect(throws: XendError(.operationFailed, error)) { try arguments.sxpr(.config) }
        } else {
            #expect(try arguments.sxpr(.config).head == "vbd")
        }
    }

    @Test("over HTTP: the first failing declared parameter is the one reported")
    func order() throws {
        let host = try RouterHost()
        #expect(
            host.post("/xend/domain/vm1", "op=domain_sched_credit_set&cap=x").text
                == "(xend.err 'Missing parameter: weight')")
        #expect(
            host.post("/xend/domain/vm1", "op=domain_sched_credit_set&weight=x&cap=y").text
                == "(xend.err \"invalid literal for int() with base 10: 'x'\")")
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(vbd)(vif)").text == "(xend.err 'Too many sxprs')")
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(vbd").text == "(xend.err 'Coercion to sxpr failed')"
        )
        #expect(host.post("/xend/domain/vm1", "op=shutdown&reason=poweroff&reason=bogus").status == 202)
    }

    @Test("body parameters win over query parameters of the same name; + is a space; ; separates")
    func merging() throws {
        let host = try RouterHost()
        let response = host.send("POST", "/xend/domain/vm1?op=frobnicate", body: "op=pause")
        #expect(response.status == 200)
        #expect(host.post("/xend/domain/vm1", "op=unpause;op=pause").status == 406)
        #expect(host.post("/xend/domain/vm1", "op=rename&name=a+b").text == "(xend.err 'Invalid VM Name')")
    }
}
