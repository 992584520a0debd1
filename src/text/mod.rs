//! Text of articles: HTML extraction, boilerplate removal, script and language.

pub mod boilerplate;
pub mod html;
pub mod script;
