"""Questions as frames, and the answers computed over the knowledge's tables.

`frame.py` holds what a clause means once it is understood: its subject, the attribute it
asks, the operation to run and the constraints in force. `schools.py` runs the operations
over the schools table (select by the constraints, order, pick the n-th or the top n,
measure distances), so the handlers only say the result.
"""
