/// How xend named core files: `<YYYY-MMDD-HHMM.SS>-<name>.<domid>.core` in the dump directory, the time
/// in UTC. Both backends use it for `coredump-*` lifecycle actions.
package enum CoreFileName {
    /// `<directory>/<timestamp>-<name>.<domid>.core`.
    package static func path(in directory: String, secondsSinceEpoch seconds: Int, name: String, domainID: UInt32)
        -> String
    {
        "\(directory)/\(timestamp(secondsSinceEpoch: seconds))-\(name).\(domainID).core"
    }

    /// `YYYY-MMDD-HHMM.SS` in UTC, xend's core file time stamp.
    package static func timestamp(secondsSinceEpoch seconds: Int) -> String {
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))\(two(day))-\(two(secondOfDay / 3600))\(two(secondOfDay / 60 % 60)).\(two(secondOfDay % 60))"
    }
}
