export default function Workbench() { return <div>Workbench</div>; }
