package dev.planprovenance.service.baselines;

import dev.planprovenance.service.api.model.CheckResult;
import dev.planprovenance.service.api.model.CheckVerdict;
import dev.planprovenance.service.api.model.ComponentCheck;
import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Checks as JUnit XML, the report format CI systems display natively: {@code <testsuites>} with one
 * {@code <testsuite name="<plan>">} per check, one {@code <testcase name="<component>" classname="<plan>.<environment>">}
 * per component; {@code fail} and {@code baseline_expired} are {@code <failure>} (message: the cause summary and the
 * first diverging rule; text: what differs), {@code no_baseline} is {@code <skipped>}, {@code tolerated} passes with
 * what differs in {@code <system-out>}.
 */
final class JUnitXml {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private JUnitXml() {}

    static void write(List<CheckResult> checks, OutputStream out) throws XMLStreamException {
        XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuites");
        xml.writeAttribute("name", "plan provenance checks");
        xml.writeAttribute("tests", Long.toString(checks.stream().mapToLong(c -> c.getComponents().size()).sum()));
        xml.writeAttribute("failures", Long.toString(checks.stream().mapToLong(JUnitXml::failures).sum()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(checks.stream().mapToLong(JUnitXml::skipped).sum()));
        for (CheckResult check : checks) suite(xml, check);
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
        xml.close();
    }

    private static void suite(XMLStreamWriter xml, CheckResult check) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", check.getPlanName());
        xml.writeAttribute("tests", Integer.toString(check.getComponents().size()));
        xml.writeAttribute("failures", Long.toString(failures(check)));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(skipped(check)));
        xml.writeAttribute("timestamp", check.getCreatedAt().toString());
        xml.writeStartElement("properties");
        property(xml, "environment", check.getEnvironment());
        property(xml, "verdict", check.getVerdict().getValue());
        property(xml, "check_id", check.getCheckId().toString());
        property(xml, "capture_id", check.getCaptureId().toString());
        if (check.getBaseline() != null) property(xml, "baseline_capture_id", check.getBaseline().getCaptureId().toString());
        xml.writeEndElement();
        String classname = check.getPlanName() + "." + check.getEnvironment();
        for (ComponentCheck component : check.getComponents()) testcase(xml, classname, component);
        xml.writeEndElement();
    }

    private static void testcase(XMLStreamWriter xml, String classname, ComponentCheck c) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", c.getComponent().getValue());
        xml.writeAttribute("classname", classname);
        switch (c.getVerdict()) {
            case FAIL, BASELINE_EXPIRED -> {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", c.getMessage() == null ? c.getVerdict().getValue() : c.getMessage());
                xml.writeAttribute("type", c.getVerdict().getValue());
                if (c.getDetail() != null) xml.writeCharacters(c.getDetail());
                xml.writeEndElement();
            }
            case NO_BASELINE -> {
                xml.writeEmptyElement("skipped");
                if (c.getMessage() != null) xml.writeAttribute("message", c.getMessage());
            }
            case TOLERATED -> {
                xml.writeStartElement("system-out");
                xml.writeCharacters("tolerated (" + c.getTolerance() + "): " + c.getDetail());
                xml.writeEndElement();
            }
            case PASS -> { }
        }
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static long failures(CheckResult check) {
        return check.getComponents().stream().filter(c -> c.getVerdict() == CheckVerdict.FAIL
                || c.getVerdict() == CheckVerdict.BASELINE_EXPIRED).count();
    }

    private static long skipped(CheckResult check) {
        return check.getComponents().stream().filter(c -> c.getVerdict() == CheckVerdict.NO_BASELINE).count();
    }
}
