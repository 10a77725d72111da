//! `safe_divide(numerator, denominator)`: division that yields NULL instead of failing on a zero denominator —
//! the guard every ratio in a reporting pipeline (TPC-H q8, q14's promo share) otherwise spells as a CASE.

use super::DOC_SECTION;
use datafusion::arrow::array::{Array, ArrayRef, Float64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    cast as cast_expr, lit, ColumnarValue, Documentation, Expr, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use std::sync::{Arc, OnceLock};

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SafeDivide {
    signature: Signature,
}

impl SafeDivide {
    pub fn new() -> Self {
        let signature = Signature::user_defined(Volatility::Immutable)
            .with_parameter_names(vec!["numerator", "denominator"])
            .expect("two names for a user-defined signature");
        SafeDivide { signature }
    }
}

impl ScalarUDFImpl for SafeDivide {
    fn name(&self) -> &str {
        "safe_divide"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    /// Both sides become Float64 so integer and decimal ratios give the same answer.
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        super::coerce_numeric(self.name(), arg_types, 2)?;
        Ok(vec![DataType::Float64, DataType::Float64])
    }

    /// A literal denominator decides at plan time: non-zero becomes a plain `/` (which the rest of the optimizer
    /// understands), zero or NULL becomes a NULL literal.
    fn simplify(&self, args: Vec<Expr>, _info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let denominator = match &args[1] {
            Expr::Literal(value, _) => value.clone(),
            _ => return Ok(ExprSimplifyResult::Original(args)),
        };
        let as_f64 = denominator.cast_to(&DataType::Float64)?;
        match as_f64 {
            ScalarValue::Float64(Some(d)) if d != 0.0 => {
                let numerator = cast_expr(args[0].clone(), DataType::Float64);
                Ok(ExprSimplifyResult::Simplified(numerator / lit(d)))
            }
            _ => Ok(ExprSimplifyResult::Simplified(lit(ScalarValue::Float64(None)))),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let n = cast(&arrays[0], &DataType::Float64)?;
        let d = cast(&arrays[1], &DataType::Float64)?;
        let n = n.as_any().downcast_ref::<Float64Array>().expect("cast to Float64");
        let d = d.as_any().downcast_ref::<Float64Array>().expect("cast to Float64");
        let out: Float64Array = (0..rows)
            .map(|i| {
                if n.is_null(i) || d.is_null(i) || d.value(i) == 0.0 {
                    None
                } else {
                    Some(n.value(i) / d.value(i))
                }
            })
            .collect();
        let out: ArrayRef = Arc::new(out);
        if args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_))) {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        Ok(ColumnarValue::Array(out))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Divides numerator by denominator; NULL when the denominator is 0 or NULL.",
                "safe_divide(numerator, denominator)")
                .with_argument("numerator", "Numeric expression to divide.")
                .with_argument("denominator", "Numeric expression to divide by; 0 yields NULL instead of an error.")
                .with_sql_example("SELECT safe_divide(l_discount, l_tax) FROM lineitem;")
                .build()
        }))
    }
}
