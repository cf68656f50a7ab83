/// Numbers as people read them in messages and pages.
public enum NumberText {
    /// `172,000`: digits in groups of three, with commas (as the rest of Parley's English text).
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
