"""Signs the same PDF with the same PKCS#12 key N times in one process with pyHanko (invisible
signature, PAdES baseline B-B as pyHanko makes it by default) and prints the median milliseconds
per signature as JSON. Used by `npm run bench` (scripts/bench/signing.ts)."""
import io
import json
import statistics
import sys
import time

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter


def main() -> None:
    pdf_path, p12_path, passphrase, iterations = sys.argv[1:5]
    data = open(pdf_path, "rb").read()
    signer = signers.SimpleSigner.load_pkcs12(p12_path, passphrase=passphrase.encode())
    meta = signers.PdfSignatureMetadata(field_name="Ky", subfilter=SigSeedSubFilter.PADES)

    def once() -> None:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        signers.sign_pdf(writer, meta, signer=signer)

    for _ in range(10):
        once()
    times = []
    for _ in range(int(iterations)):
        t = time.perf_counter()
        once()
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"medianMs": statistics.median(times), "n": len(times)}))


if __name__ == "__main__":
    main()
