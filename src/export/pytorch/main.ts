// The script's command line: --json / --train / --epochs / --device / --float32 (and what the data source adds),
// the JSON encoding `unroll` uses (non-finite numbers as strings), and a short readable report without --json.
import type { DataCode } from './data';
import { pySection } from './python';

export function mainSection(data: DataCode, viewSequence: number): string {
  const options = data.options.map((line) => `    ${line}\n`).join('');
  return `${pySection('Output')}


def json_safe(value):
    """JSON has no NaN or ±Infinity: write them as the strings "NaN", "Infinity", "-Infinity", as unroll does."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    return value


def print_gradients(result, sequence=${viewSequence}):
    print(f"loss: {result['loss']:.6g}")
    print(f"sequence {sequence + 1} of {len(result['dLdh'])}: ‖dL/dh_t‖ at every step (top layer)")
    for t, dLdh in enumerate(result["dLdh"][sequence]):
        print(f"{t + 1:6d}  {math.sqrt(sum(v * v for v in dLdh)):.4e}")


def progress_printer(epochs):
    """A line every 10% of the epochs, on stderr."""
    every = max(1, math.ceil(epochs / 10))

    def report(epoch, history):
        if epoch % every == 0 or epoch == epochs:
            loss, norm, validation = history["loss"][-1], history["gradNorm"][-1], history["validationLoss"]
            validation = f"  validation {validation[-1]:.6g}" if validation else ""
            print(f"epoch {epoch}/{epochs}  loss {loss:.6g}{validation}  ‖g‖ {norm:.4g}", file=sys.stderr)
    return report


${pySection('Main')}


def pick_device(name, float32):
    """The device asked for, or the cpu (with a message) when it is not there; float64 unless --float32."""
    dtype = torch.float32 if float32 else torch.float64
    if name == "cuda" and not torch.cuda.is_available():
        print("cuda is not available here: running on the cpu", file=sys.stderr)
        name = "cpu"
    if name == "mps":
        if not (hasattr(torch.backends, "mps") and torch.backends.mps.is_available()):
            print("mps is not available here: running on the cpu", file=sys.stderr)
            name = "cpu"
        elif dtype == torch.float64:
            print("mps has no float64: running in float32", file=sys.stderr)
            dtype = torch.float32
    return torch.device(name), dtype


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON, as unroll grad/train --json")
    parser.add_argument("--train", action="store_true", help="train with the spec's training section")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train (default: %(default)s)")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda", "mps"], help="where to run")
    parser.add_argument("--float32", action="store_true", help="float32 instead of float64: faster, less exact")
${options}    args = parser.parse_args(argv)

    device, dtype = pick_device(args.device, args.float32)
    model = Network().to(device=device, dtype=dtype)
    load_weights(model)
    data = ${data.load}

    if args.train:
        report = (lambda *_: None) if args.json else progress_printer(args.epochs)
        history = train(model, data, args.epochs, device, dtype, report)
        weights = {name: parameter.tolist() for name, parameter in spec_parameters(model).items()}
        result = {**history, "weights": weights}
        if not args.json and history["loss"]:
            print(f"loss: {history['loss'][0]:.6g} → {history['loss'][-1]:.6g} after {history['epochs']} epochs"
                  + (" (diverged: a value stopped being finite)" if history.get("diverged") else ""))
            if "validationLoss" in history:
                validation = history["validationLoss"]
                print(f"validation loss: {validation[0]:.6g} → {validation[-1]:.6g}")
    else:
        count = ${data.gradSequences}
        batches = batches_of(data, range(count), device, dtype)
        result = gradients(model, batches, loss_count(batches), count)
        if not args.json:
            print_gradients(result)
    if args.json:
        print(json.dumps(json_safe(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
}
