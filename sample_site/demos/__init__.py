"""Demo pages of the sample site (counter, todo list, table, chat …)."""
