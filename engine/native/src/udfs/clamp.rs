//! `clamp(value, low, high)`: bounds a value to [low, high] — capping outliers before aggregation. With literal
//! bounds it simplifies into a CASE over comparisons, which the optimizer and pruning understand.

use super::DOC_SECTION;
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::compute::kernels::cmp::{gt, lt};
use datafusion::arrow::compute::kernels::zip::zip;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    when, ColumnarValue, Documentation, Expr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::OnceLock;

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Clamp {
    signature: Signature,
}

impl Clamp {
    pub fn new() -> Self {
        let signature = Signature::user_defined(Volatility::Immutable)
            .with_parameter_names(vec!["value", "low", "high"])
            .expect("three names for a user-defined signature");
        Clamp { signature }
    }
}

impl ScalarUDFImpl for Clamp {
    fn name(&self) -> &str {
        "clamp"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types[0].clone())
    }

    /// One common numeric type for all three, so comparisons need no casts at run time.
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        super::coerce_numeric(self.name(), arg_types, 3)
    }

    /// Literal bounds: `CASE WHEN value < low THEN low WHEN value > high THEN high ELSE value END` (NULL stays NULL).
    fn simplify(&self, args: Vec<Expr>, _info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let (Expr::Literal(low, _), Expr::Literal(high, _)) = (&args[1], &args[2]) else {
            return Ok(ExprSimplifyResult::Original(args));
        };
        if low.is_null() || high.is_null() {
            return Ok(ExprSimplifyResult::Original(args));
        }
        let value = args[0].clone();
        let low = Expr::Literal(low.clone(), None);
        let high = Expr::Literal(high.clone(), None);
        let case = when(value.clone().lt(low.clone()), low)
            .when(value.clone().gt(high.clone()), high)
            .otherwise(value)?;
        Ok(ExprSimplifyResult::Simplified(case))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args.args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let (value, low, high) = (&arrays[0], &arrays[1], &arrays[2]);
        let below = lt(value, low)?;
        let raised: ArrayRef = zip(&below, low, value)?;
        let above = gt(&raised, high)?;
        let out: ArrayRef = zip(&above, high, &raised)?;
        // NULL value stays NULL whatever the bounds.
        let out = datafusion::arrow::compute::nullif(&out, &datafusion::arrow::compute::is_null(value)?)?;
        if scalar {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        debug_assert_eq!(out.len(), args.number_rows);
        Ok(ColumnarValue::Array(out))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION, "Bounds value to the closed range [low, high]; NULL value gives NULL.",
                "clamp(value, low, high)")
                .with_argument("value", "Numeric expression to bound.")
                .with_argument("low", "Lower bound.")
                .with_argument("high", "Upper bound.")
                .with_sql_example("SELECT clamp(l_discount, 0.0, 0.1) FROM lineitem;")
                .build()
        }))
    }
}
