import SExpression
import Testing

@Suite("SExpression value accessors")
struct SExpressionValueTests {
    let vm: SExpression = [
        "vm", ["name", "vm1"], ["memory", 512], ["device", ["vbd", ["dev", "xvda"]]], ["device", ["vif"]],
    ]

    @Test("value and string read the first (key value) child")
    func valueLookup() {
        #expect(vm.string("name") == "vm1")
        #expect(vm.string("memory") == "512")
        #expect(vm.string("missing") == nil)
        #expect(vm.head == "vm")
    }

    @Test("children returns every repeated key in order")
    func repeatedChildren() {
        let devices = vm.children("device")
        #expect(devices.count == 2)
        #expect(devices[0].value("vbd")?.string("dev") == nil)
        #expect(devices[1].value("vif") == nil)
        #expect(devices[0].tail.first?.head == "vbd")
    }

    @Test("an atom has no head, tail or children")
    func atomHasNoStructure() {
        let atom: SExpression = "x"
        #expect(atom.head == nil)
        #expect(atom.tail.isEmpty)
        #expect(atom.children("x").isEmpty)
    }
}
