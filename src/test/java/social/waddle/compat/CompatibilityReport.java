package social.waddle.compat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What the guard found in a set of class files; {@link #toString()} is the readable report. */
record CompatibilityReport(List<String> versions, int classesChecked, int referencesChecked, List<Finding> findings,
                           Duration elapsed) {

    CompatibilityReport {
        versions = List.copyOf(versions);
        findings = List.copyOf(findings);
    }

    boolean isClean() {
        return findings.isEmpty();
    }

    /** Findings in one of our classes (binary name, nested classes included). */
    List<Finding> findingsIn(String binaryClassName) {
        String internal = Names.internal(binaryClassName);
        return findings.stream()
                .filter(finding -> finding.className().equals(internal)
                        || finding.className().startsWith(internal + "$"))
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        StringBuilder report = new StringBuilder()
                .append("Openfire compatibility guard: ").append(findings.size()).append(" problem(s) in ")
                .append(classesChecked).append(" class(es) (").append(referencesChecked)
                .append(" governed references) checked against Openfire ")
                .append(String.join(" and ", versions)).append(" in ").append(elapsed.toMillis()).append(" ms");
        int number = 1;
        for (Finding finding : findings) {
            report.append(System.lineSeparator()).append(String.format("%3d. ", number++)).append(finding.render());
        }
        return report.toString();
    }
}
