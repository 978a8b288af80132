import Testing
import XendModel

@testable import XendClientKit

@Suite("Form encoding")
struct FormEncodingTests {
    @Test(
        "percent-encodes every byte outside letters, digits and -_.~",
        arguments: [
            ("vm1", "vm1"),
            ("a b", "a%20b"),
            ("a+b", "a%2Bb"),
            ("a=b&c;d", "a%3Db%26c%3Bd"),
            ("(vm (name 'x'))", "%28vm%20%28name%20%27x%27%29%29"),
            ("phy:/dev/sda", "phy%3A%2Fdev%2Fsda"),
            ("caf\u{E9}", "caf%C3%A9"),
            ("line\nnext", "line%0Anext"),
            ("-_.~", "-_.~"),
        ]
    )
    func percentEncoding(input: String, expected: String) {
        #expect(FormEncoding.percentEncode(input) == expected)
    }

    @Test("joins fields in order with & and =")
    func fields() {
        let body = FormEncoding.encode([("op", "pincpu"), ("vcpu", "0"), ("cpumap", "1,3")])
        #expect(body == "op=pincpu&vcpu=0&cpumap=1%2C3")
    }

    @Test("builds libvirt's paths: trailing slash for create, query strings, encoded segments")
    func targets() {
        #expect(XendRequest.get("node", "").target == "/xend/node/")
        #expect(XendRequest.get("domain").target == "/xend/domain")
        #expect(XendRequest.get("domain", query: [(.state, "halted")]).target == "/xend/domain?state=halted")
        #expect(XendRequest.get("domain", "vm 1", query: [(.detail, "1")]).target == "/xend/domain/vm%201?detail=1")
        let pause = XendRequest.domainOperation(.pause, on: "guest1")
        #expect(pause.target == "/xend/domain/guest1")
        #expect(pause.method == .post)
        #expect(pause.body == "op=pause")
        #expect(pause.domain == "guest1")
        let pin = XendRequest.domainOperation(.pinVCPU, on: "guest1", [(.vcpu, "0"), (.cpumap, "1,3")])
        #expect(pin.body == "op=pincpu&vcpu=0&cpumap=1%2C3")
        let restore = XendRequest.post(DomainCollectionOperation.restore, to: "domain", "", fields: [(.file, "/s")])
        #expect(restore.target == "/xend/domain/")
        #expect(restore.body == "op=restore&file=%2Fs")
        #expect(restore.domain == nil)
    }
}
