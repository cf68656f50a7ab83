/// A partial date as a span of days since 1970-01-01: the whole month for a month, the whole
/// year for a year.
public struct DaySpan: Sendable, Equatable {
    public var start: Int
    public var end: Int

    public init(_ date: PartialDate) {
        let month = date.month ?? 1, day = date.day ?? 1
        start = Self.days(year: date.year, month: month, day: day)
        if date.day != nil {
            end = start
        } else if date.month != nil {
            end = start + PartialDate.daysIn(month: month, year: date.year) - 1
        } else {
            end = Self.days(year: date.year + 1, month: 1, day: 1) - 1
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
