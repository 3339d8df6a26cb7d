UPDATE run SET finished_at = ?, status = ?, counts = ?, errors = ?, message = ? WHERE run_id = ?
