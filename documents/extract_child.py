"""The child process of documents.extraction.extract_text_isolated():

    python -m documents.extract_child NAME MAX_UNPACKED MAX_MEMORY TIMEOUT < file

reads the file from stdin, caps its own memory (address space) and CPU time first, and
prints the result as JSON: {"text", "status", "message"} with the message as the name of
a MESSAGE_ constant of documents.extraction, since translations need Django's settings,
which this process does not load.
"""

import io
import json
import math
import resource
import sys


def main(argv):
    name, max_unpacked, max_memory = argv[1], int(argv[2]), int(argv[3])
    cpu_seconds = math.ceil(float(argv[4])) + 1
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    # A backstop beside the parent's wall-clock timeout: the kernel stops a child that
    # spins on the CPU even if the parent is gone.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()

    from documents import extraction

    extraction.MAX_UNPACKED_SIZE = max_unpacked
    result = extraction.extract_text(io.BytesIO(data), name)
    json.dump(
        {
            "text": result.text,
            "status": result.status,
            "message": extraction.message_key(result.message),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
