//! Where log lines go and in what shape: standard error, as text or JSON,
//! at the level `RUST_LOG` sets, never with raw user input.

use std::io::IsTerminal;

use tracing_subscriber::filter::{LevelFilter, Targets, filter_fn};
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

use super::LogFormat;

/// Log lines go to standard error, as text or one JSON object a line;
/// `RUST_LOG` sets the level (`info` when unset or unreadable), overall or
/// by target (`warn,salary_guide=debug`). Read as targets and levels only, not
/// `EnvFilter`'s span and field filters, whose regular expressions would add
/// half a megabyte of code to a server that stays in memory.
///
/// actix's own debug and trace events quote request paths and header values
/// as received, so they are never written, whatever `RUST_LOG` says: no raw
/// user input reaches the logs. Our request lines name the route pattern.
/// sqlx's statement lines are dropped too (only its warnings and errors
/// stay), so not even the fact that a report was stored reaches the logs.
pub fn init(format: LogFormat) {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO));
    let no_raw_input = filter_fn(|event| {
        let target = event.target();
        !(target.starts_with("actix") && *event.level() > tracing::Level::INFO
            || target.starts_with("sqlx") && *event.level() > tracing::Level::WARN)
    });
    let lines = match format {
        LogFormat::Text => fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .boxed(),
        LogFormat::Json => fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_writer(std::io::stderr)
            .boxed(),
    };
    tracing_subscriber::registry()
        .with(level)
        .with(no_raw_input)
        .with(lines)
        .init();
}
