"""Drives the kernel named 'rdw' with Jupyter's own client, for KernelIT.

notebook CELLS_JSON OUT_JSON: runs the cells (a JSON list of sources) as a notebook with nbclient and writes each
    cell's outputs (a JSON list of lists).
interrupt OUT_JSON CELL...: with jupyter_client, times the first result, runs each CELL and interrupts the kernel
    after 2 s, then asks for 1 + 1; writes what happened.
"""
import json
import sys
import time


def notebook(cells_file, out_file):
    import nbformat
    from nbclient import NotebookClient
    with open(cells_file) as f:
        sources = json.load(f)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, kernel_name='rdw', timeout=60, allow_errors=True).execute()
    with open(out_file, 'w') as f:
        json.dump([c.outputs for c in nb.cells], f)


def execute(client, code, timeout):
    """The execute_reply's content and the outputs the cell published."""
    outputs = []
    reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append(
        {'type': m['msg_type'], 'content': m['content']}))
    return reply['content'], outputs


def interrupt(out_file, *queries):
    from jupyter_client.manager import KernelManager
    result = {'interrupted': []}
    started = time.monotonic()
    km = KernelManager(kernel_name='rdw')
    km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply, outputs = execute(client, '20 + 22', 60)
        result['first_result_seconds'] = time.monotonic() - started
        result['first'] = {'status': reply['status'], 'outputs': outputs}
        for query in queries:
            msg_id = client.execute(query)
            # the kernel has taken the cell (it may still be compiling it): an interrupt from now on must stop it
            while True:
                msg = client.get_iopub_msg(timeout=60)
                if msg['parent_header'].get('msg_id') == msg_id and msg['msg_type'] == 'execute_input':
                    break
            time.sleep(1)
            interrupted_at = time.monotonic()
            print(f'interrupting {query.splitlines()[0]!r}', file=sys.stderr, flush=True)
            km.interrupt_kernel()
            while True:
                reply = client.get_shell_msg(timeout=15)
                if reply['parent_header'].get('msg_id') == msg_id:
                    break
            result['interrupted'].append({'status': reply['content']['status'], 'ename': reply['content'].get('ename'),
                                          'evalue': reply['content'].get('evalue'),
                                          'seconds': time.monotonic() - interrupted_at})
        reply, outputs = execute(client, '1 + 1', 30)
        result['after'] = {'status': reply['status'], 'outputs': outputs}
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)
    with open(out_file, 'w') as f:
        json.dump(result, f)


if __name__ == '__main__':
    {'notebook': notebook, 'interrupt': interrupt}[sys.argv[1]](*sys.argv[2:])
