penalty --offline 1d --bogus
