package motcua;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.File;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Validates a signed document with DSS under its default validation policy.
 *
 * <pre>
 *   java -cp 'dss-validator.jar:lib/*' motcua.Validate [--trust roots.pem]... [--online]
 *        [--time 2026-01-01T00:00:00Z] [--xml] file.pdf
 * </pre>
 *
 * Prints one JSON object: every signature and timestamp with its indication, sub-indication,
 * format (PAdES-BASELINE-LT, ...) and the ETSI validation messages. Without --online only the
 * revocation data embedded in the document is used (no network). --xml prints the simple report
 * as XML instead.
 */
public final class Validate {
  private Validate() {}

  public static void main(String[] args) throws Exception {
    // One JSON object per file, one per line.
    List<String> trust = new ArrayList<>();
    boolean online = false;
    boolean xml = false;
    String time = null;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trust": trust.add(args[++i]); break;
        case "--online": online = true; break;
        case "--xml": xml = true; break;
        case "--time": time = args[++i]; break;
        default: files.add(args[i]);
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: Validate [--trust roots.pem]... [--online] [--time ISO] [--xml] file...");
      System.exit(2);
    }
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (String t : trust) {
      for (CertificateToken c : loadPem(t)) trusted.addCertificate(c);
    }
    CommonCertificateVerifier verifier = new CommonCertificateVerifier();
    verifier.setTrustedCertSources(trusted);
    if (online) {
      verifier.setCrlSource(new OnlineCRLSource());
      verifier.setOcspSource(new OnlineOCSPSource());
    } else {
      verifier.setCrlSource(null);
      verifier.setOcspSource(null);
      verifier.setAIASource(null);
    }
    for (String file : files) validate(file, verifier, time, xml);
  }

  private static void validate(String file, CommonCertificateVerifier verifier, String time, boolean xml) {
    DSSDocument document = new FileDocument(new File(file));
    SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(document);
    validator.setCertificateVerifier(verifier);
    if (time != null) validator.setValidationTime(Date.from(java.time.Instant.parse(time)));
    Reports reports = validator.validateDocument();
    SimpleReport simple = reports.getSimpleReport();
    if (xml) {
      System.out.println(reports.getXmlSimpleReport());
      return;
    }
    StringBuilder out = new StringBuilder("{\"file\":").append(str(file)).append(",\"signatures\":[");
    boolean first = true;
    for (String id : simple.getSignatureIdList()) {
      if (!first) out.append(',');
      first = false;
      token(out, simple, id, String.valueOf(simple.getSignatureFormat(id)));
    }
    out.append("],\"timestamps\":[");
    first = true;
    for (eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp ts : simple.getJaxbModel().getSignatureOrTimestampOrEvidenceRecord().stream()
        .filter(x -> x instanceof eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp)
        .map(x -> (eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp) x).toList()) {
      if (!first) out.append(',');
      first = false;
      token(out, simple, ts.getId(), "TIMESTAMP");
    }
    out.append("]}");
    System.out.println(out);
  }

  private static List<CertificateToken> loadPem(String path) throws Exception {
    List<CertificateToken> out = new ArrayList<>();
    String text = new String(java.nio.file.Files.readAllBytes(new File(path).toPath()),
        java.nio.charset.StandardCharsets.US_ASCII);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("-----BEGIN CERTIFICATE-----[\\s\\S]+?-----END CERTIFICATE-----").matcher(text);
    while (m.find()) out.add(DSSUtils.loadCertificate(m.group().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    return out;
  }

  private static void token(StringBuilder out, SimpleReport simple, String id, String format) {
    Indication indication = simple.getIndication(id);
    out.append("{\"id\":").append(str(id))
        .append(",\"indication\":").append(str(String.valueOf(indication)))
        .append(",\"subIndication\":").append(str(String.valueOf(simple.getSubIndication(id))))
        .append(",\"format\":").append(str(format))
        .append(",\"signedBy\":").append(str(simple.getSignedBy(id)))
        .append(",\"bestSignatureTime\":").append(str(String.valueOf(simple.getBestSignatureTime(id) == null ? null : simple.getBestSignatureTime(id).toInstant())))
        .append(",\"errors\":").append(list(simple.getAdESValidationErrors(id)))
        .append(",\"warnings\":").append(list(simple.getAdESValidationWarnings(id)))
        .append(",\"infos\":").append(list(simple.getAdESValidationInfo(id)))
        .append(",\"qualificationErrors\":").append(list(simple.getQualificationErrors(id)))
        .append('}');
  }

  private static String list(List<eu.europa.esig.dss.jaxb.object.Message> items) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) b.append(',');
      b.append(str(items.get(i).getKey() + ": " + items.get(i).getValue()));
    }
    return b.append(']').toString();
  }

  private static String str(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
